// Refused agent connections are logged once per burst: the first refusal of a kind (its code)
// from an address at once, the rest of the burst as one summary line, so a flood of thousands
// of connections costs two lines per address and kind.
import type { Logger } from '../observe/log.ts';

const BURST_MS = 10_000;
/** Distinct bursts tracked at once; beyond it, refusals are grouped by address alone. */
const MAX_BURSTS = 1000;

interface Burst {
  more: number;
}

export class RefusalLog {
  private readonly log: Logger;
  private readonly bursts = new Map<string, Burst>();

  constructor(log: Logger) {
    this.log = log;
  }

  note(remote: string, ip: string, fields: { code?: string | undefined; agent_id?: string | null }, message: string): void {
    const code = fields.code ?? 'unknown';
    const key = this.bursts.size < MAX_BURSTS ? `${ip}\u0000${code}` : `${ip}\u0000*`;
    const burst = this.bursts.get(key);
    if (burst) {
      burst.more++;
      return;
    }
    this.log.warn({ remote, ...fields }, `agent connection refused: ${message}`);
    const started: Burst = { more: 0 };
    this.bursts.set(key, started);
    setTimeout(() => {
      this.bursts.delete(key);
      if (started.more > 0) this.log.warn({ remote_ip: ip, code, more: started.more }, `agent connection refused ${started.more} more times from ${ip} within ${BURST_MS / 1000} s (${code})`);
    }, BURST_MS).unref();
  }
}
