// What an unauthenticated connection on the agent port may cost: a deadline from accept to an
// accepted hello (the TLS handshake included), and caps on how many may wait at once, in total
// and per source address. Connections over a cap are closed before any TLS work is done.
import type { Socket } from 'node:net';
import { ProtocolError } from '../../agent/protocol.ts';
import type { RefusalLog } from './refusal-log.ts';

export interface GuardLimits {
  /** From accept to an accepted hello. */
  handshakeMs: number;
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
}

/** The session of a connection, once TLS (if any) is up: told why when its time is over. */
export interface Refusable {
  refuse(err: ProtocolError): void;
}

interface Waiting {
  ip: string;
  remote: string;
  socket: Socket;
  timer: NodeJS.Timeout;
  session: Refusable | null;
  /** Its refusal was logged already (by the session or a TLS error). */
  explained: boolean;
}

export function addressOf(socket: Socket): { ip: string; remote: string } {
  const ip = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
  return { ip, remote: `${ip}:${socket.remotePort ?? '?'}` };
}

export class ConnectionGuard {
  private readonly limits: GuardLimits;
  private readonly refusals: RefusalLog;
  /** Unauthenticated connections by "ip:port". */
  private readonly waiting = new Map<string, Waiting>();
  private readonly perAddress = new Map<string, number>();

  constructor(limits: GuardLimits, refusals: RefusalLog) {
    this.limits = limits;
    this.refusals = refusals;
  }

  /** A new connection: counted and timed, or closed at once when a cap is reached. */
  admit(socket: Socket): boolean {
    const { ip, remote } = addressOf(socket);
    const fromIp = this.perAddress.get(ip) ?? 0;
    const full = this.waiting.size >= this.limits.maxUnauthenticated ? `${this.limits.maxUnauthenticated} connections are already waiting for their hello`
      : fromIp >= this.limits.maxUnauthenticatedPerAddress ? `${fromIp} connections from ${ip} are already waiting for their hello` : null;
    if (full) {
      this.refusals.note(remote, ip, { code: 'too_many_connections' }, full);
      socket.destroy();
      return false;
    }
    const entry: Waiting = {
      ip,
      remote,
      socket,
      session: null,
      explained: false,
      timer: setTimeout(() => this.expire(entry), this.limits.handshakeMs),
    };
    this.waiting.set(remote, entry);
    this.perAddress.set(ip, fromIp + 1);
    socket.once('close', () => {
      if (!this.release(remote, entry)) return;
      if (!entry.explained) this.refusals.note(remote, ip, { code: 'closed' }, 'the connection closed before its hello was accepted');
    });
    return true;
  }

  /** The TLS handshake (if any) is done; the session will refuse on time-out itself. */
  attach(remote: string, session: Refusable): void {
    const entry = this.waiting.get(remote);
    if (entry) entry.session = session;
  }

  /** Its refusal is in the log already; no second line when it closes. */
  explained(remote: string): void {
    const entry = this.waiting.get(remote);
    if (entry) entry.explained = true;
  }

  /** The hello was accepted: the limits of strangers no longer apply. */
  authenticated(remote: string): void {
    this.release(remote, this.waiting.get(remote));
  }

  /** Connections waiting for their hello now, and the addresses they come from. */
  counts(): { waiting: number; addresses: number } {
    return { waiting: this.waiting.size, addresses: this.perAddress.size };
  }

  close(): void {
    for (const entry of this.waiting.values()) clearTimeout(entry.timer);
  }

  private expire(entry: Waiting): void {
    if (entry.session) {
      entry.session.refuse(new ProtocolError('handshake_timeout', `no hello within ${this.limits.handshakeMs / 1000} s`));
      return;
    }
    entry.explained = true;
    this.refusals.note(entry.remote, entry.ip, { code: 'handshake_timeout' }, `no TLS handshake within ${this.limits.handshakeMs / 1000} s`);
    entry.socket.destroy();
  }

  private release(remote: string, entry: Waiting | undefined): boolean {
    if (!entry || this.waiting.get(remote) !== entry) return false;
    clearTimeout(entry.timer);
    this.waiting.delete(remote);
    const left = (this.perAddress.get(entry.ip) ?? 1) - 1;
    if (left > 0) this.perAddress.set(entry.ip, left);
    else this.perAddress.delete(entry.ip);
    return true;
  }
}
