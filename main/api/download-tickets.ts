// Download tickets: a browser downloads a file with a plain GET that cannot carry the
// Authorization header, and the API token must not sit in a URL (history, proxy and server
// logs keep URLs). So the page asks for a ticket with its token and downloads with the ticket:
// good once, for one stream of one command, for a minute.
import { randomBytes } from 'node:crypto';
import type { StreamName } from '../../preload/api.ts';

export const TICKET_TTL_MS = 60_000;
/** Unused tickets kept at most; the oldest go first (each lives a minute anyway). */
const MAX_TICKETS = 1000;

interface Ticket {
  cmdId: string;
  stream: StreamName;
  expiresAt: number;
}

export class DownloadTickets {
  private readonly tickets = new Map<string, Ticket>();

  issue(cmdId: string, stream: StreamName, now = Date.now()): string {
    for (const [id, t] of this.tickets) if (t.expiresAt <= now) this.tickets.delete(id);
    while (this.tickets.size >= MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!);
    const id = randomBytes(24).toString('base64url');
    this.tickets.set(id, { cmdId, stream, expiresAt: now + TICKET_TTL_MS });
    return id;
  }

  /** True once for a ticket issued for this command and stream and not expired; it is then gone. */
  redeem(id: string, cmdId: string, stream: string, now = Date.now()): boolean {
    const ticket = this.tickets.get(id);
    if (!ticket) return false;
    this.tickets.delete(id);
    return ticket.cmdId === cmdId && ticket.stream === stream && ticket.expiresAt > now;
  }
}
