// The master's agent listener (default TCP 9090): accepts connections, one session each, and
// routes their messages to the registry and the command dispatcher.
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { PROTOCOL_VERSION, type ProtocolError, type AgentMessage, type HelloMessage } from '../../agent/protocol.ts';
import type { Logger } from '../observe/log.ts';
import type { CommandSigner } from '../security/command-signer.ts';
import type { Enrolment } from '../security/enrolment.ts';
import type { Pki } from '../security/pki.ts';
import { AGENT_CERT_DAYS, fingerprint } from '../security/pki.ts';
import type { Store } from '../store/store.ts';
import type { AgentRegistry } from './agent-registry.ts';
import { AgentSession, type SessionHandler } from './agent-session.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';
import { addressOf, ConnectionGuard, type GuardLimits } from './connection-guard.ts';
import { RefusalLog } from './refusal-log.ts';
import type { Disposable } from '../base/disposable.ts';

export class AgentListener implements SessionHandler, Disposable {
  private readonly server: Server;
  private readonly sessions = new Set<AgentSession>();
  private readonly registry: AgentRegistry;
  private readonly dispatcher: CommandDispatcher;
  private readonly log: Logger;
  /** Where CHANGED reports go (the job engine's resolve watcher). */
  onFilesChanged: (agentId: string, watchId: string) => void = () => undefined;
  /** An agent finished its handshake and can take work (the job engine re-arms for it). */
  onAgentReady: (agentId: string) => void = () => undefined;

  private readonly signer: CommandSigner;
  private readonly enrolment: Enrolment;
  private readonly pki: Pki | null;
  private readonly store: Store;
  private readonly refusals: RefusalLog;
  readonly guard: ConnectionGuard;

  /** `pki` null: plain TCP (--insecure). Otherwise TLS 1.3; client certificates are checked per connection. */
  constructor(deps: { registry: AgentRegistry; dispatcher: CommandDispatcher; store: Store; signer: CommandSigner; enrolment: Enrolment; pki: Pki | null; log: Logger; limits: GuardLimits }) {
    this.registry = deps.registry;
    this.dispatcher = deps.dispatcher;
    this.store = deps.store;
    this.log = deps.log;
    this.signer = deps.signer;
    this.enrolment = deps.enrolment;
    this.pki = deps.pki;
    this.refusals = new RefusalLog(this.log);
    this.guard = new ConnectionGuard(deps.limits, this.refusals);
    const accept = (socket: Socket): void => {
      const session = new AgentSession(socket, this, this.log, this.signer);
      this.sessions.add(session);
      this.guard.attach(session.remote, session);
    };
    if (this.pki) {
      // Certificates are requested but judged after the handshake, so a refused agent hears why.
      const server = createTlsServer({ key: this.pki.serverKeyPem, cert: this.pki.serverCertPem, ca: this.pki.caPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3' }, accept);
      server.on('connection', (socket: Socket) => this.guard.admit(socket));
      server.on('tlsClientError', (err: NodeJS.ErrnoException, socket) => {
        // A socket already reset has no address any more: the guard logs its closing instead.
        if (socket.remoteAddress === undefined) return;
        const { ip, remote } = addressOf(socket);
        this.guard.explained(remote);
        this.refusals.note(remote, ip, { code: err.code }, `agent TLS handshake failed: ${err.message}`);
      });
      this.server = server;
    } else {
      this.server = createServer((socket) => {
        if (this.guard.admit(socket)) accept(socket);
      });
    }
  }

  /** Resolves with the bound port; rejects with a readable error when the port is taken. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(err.code === 'EADDRINUSE' ? `agent port ${host}:${port} is already in use (another master?): choose another with --agent-port` : `cannot listen for agents on ${host}:${port}: ${err.message}`));
      });
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  onHello(session: AgentSession, hello: HelloMessage): void {
    const presented = session.presented(hello);
    try {
      this.enrolment.admit(hello.agent_id, presented, session.remoteIp, hello.hostname);
    } catch (err) {
      this.registry.publish(hello.agent_id); // pending or denied: the UI shows it at once
      throw err;
    }
    const before = this.registry.attach(session, hello);
    this.guard.authenticated(session.remote);
    const plan = this.dispatcher.reconcile(hello.agent_id, hello.commands, before);
    const content = { heartbeat_ms: this.registry.heartbeatMs, ...plan.welcome };
    session.send({ t: 'welcome', protocol: PROTOCOL_VERSION, signing_key: this.signer.publicPem, server_time: Date.now(), ...this.signer.welcome(hello.agent_id, content) });
    for (const spec of plan.execs) session.exec(spec);
    for (const cmdId of plan.kills) session.kill(cmdId, this.dispatcher.killGraceMs);
    // Renew a certificate in its last third of life, over this authenticated link.
    if (presented.kind === 'certificate' && presented.expiresAt - Date.now() < (AGENT_CERT_DAYS * 24 * 3600 * 1000) / 3) {
      session.renewalOffered = true;
      session.send({ t: 'renew_cert' });
    }
    this.onAgentReady(hello.agent_id);
  }

  /** CERT_REQUEST after RENEW_CERT: certify the agent's new key; the old one stays valid until it is used. */
  private async renew(session: AgentSession, publicKey: string): Promise<void> {
    if (!this.pki || !session.renewalOffered) {
      session.send({ t: 'error', code: 'renewal_not_offered', message: 'the master did not ask this agent to renew a certificate' });
      return;
    }
    session.renewalOffered = false;
    const agentId = session.agentId!;
    const spki = Buffer.from(publicKey, 'base64');
    try {
      const certPem = await this.pki.issueAgentCert(agentId, spki);
      this.store.agents.expectKey(agentId, fingerprint(spki));
      this.store.audit.record('master', 'cert.renew', agentId, { fingerprint: fingerprint(spki) });
      session.send({ t: 'cert', cert_pem: certPem });
    } catch (err) {
      this.log.warn({ agent_id: agentId, err }, 'certificate renewal failed');
    }
  }

  onMessage(session: AgentSession, message: Exclude<AgentMessage, HelloMessage>, payload: Buffer): void {
    switch (message.t) {
      case 'output':
        return this.dispatcher.onOutput(session, message, payload);
      case 'done':
        return this.dispatcher.onDone(session, message);
      case 'started':
        return this.dispatcher.onStarted(session, message.cmd_id, message.pid, message.started_at);
      case 'heartbeat':
        this.registry.heartbeat(session, message);
        return session.send({ t: 'pong' });
      case 'changed':
        return this.onFilesChanged(session.agentId!, message.watch_id);
      case 'cert_request':
        void this.renew(session, message.public_key);
        return;
      case 'error':
        this.log.warn({ agent_id: session.agentId, code: message.code, cmd_id: message.cmd_id }, `agent reported: ${message.message}`);
        return;
    }
  }

  onRefused(session: AgentSession, err: ProtocolError): void {
    this.guard.explained(session.remote);
    this.refusals.note(session.remote, session.remoteIp, { agent_id: session.agentId, code: err.code }, err.message);
  }

  onClose(session: AgentSession): void {
    this.sessions.delete(session);
    this.registry.detach(session);
  }

  async dispose(): Promise<void> {
    this.guard.close();
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
