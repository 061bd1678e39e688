// The master's agent listener (default TCP 9090): accepts connections, one session each, and
// routes their messages to the registry and the command dispatcher.
import { createServer, type Server, type Socket } from 'node:net';
import { PROTOCOL_VERSION, type AgentMessage, type HelloMessage } from '../../agent/protocol.ts';
import type { Logger } from '../observe/log.ts';
import type { AgentRegistry } from './agent-registry.ts';
import { AgentSession, type SessionHandler } from './agent-session.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';

export class AgentListener implements SessionHandler {
  private readonly server: Server;
  private readonly sessions = new Set<AgentSession>();
  private readonly registry: AgentRegistry;
  private readonly dispatcher: CommandDispatcher;
  private readonly log: Logger;
  /** Where CHANGED reports go (the job engine's resolve watcher). */
  onFilesChanged: (agentId: string, watchId: string) => void = () => undefined;
  /** An agent finished its handshake and can take work (the job engine re-arms for it). */
  onAgentReady: (agentId: string) => void = () => undefined;

  constructor(registry: AgentRegistry, dispatcher: CommandDispatcher, log: Logger) {
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.log = log;
    this.server = createServer((socket: Socket) => this.sessions.add(new AgentSession(socket, this, log)));
  }

  /** Resolves with the bound port; rejects with a readable error when the port is taken. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(err.code === 'EADDRINUSE' ? `agent port ${host}:${port} is already in use` : `cannot listen for agents on ${host}:${port}: ${err.message}`));
      });
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  onHello(session: AgentSession, hello: HelloMessage): void {
    const before = this.registry.attach(session, hello);
    const plan = this.dispatcher.reconcile(hello.agent_id, hello.commands, before);
    session.send({ t: 'welcome', protocol: PROTOCOL_VERSION, heartbeat_ms: this.registry.heartbeatMs, ...plan.welcome });
    for (const spec of plan.execs) session.send({ t: 'exec', spec });
    for (const cmdId of plan.kills) session.send({ t: 'kill', cmd_id: cmdId, grace_ms: this.dispatcher.killGraceMs });
    this.onAgentReady(hello.agent_id);
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
      case 'error':
        this.log.warn({ agent_id: session.agentId, code: message.code, cmd_id: message.cmd_id }, `agent reported: ${message.message}`);
        return;
    }
  }

  onClose(session: AgentSession): void {
    this.sessions.delete(session);
    this.registry.detach(session);
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
