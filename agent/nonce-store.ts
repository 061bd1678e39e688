// Nonces of the signed messages this agent accepted, kept until they expire, in a file in the
// spool: a captured EXEC replayed after an agent restart is still recognised.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export class NonceStore {
  private readonly file: string | null;
  /** nonce → until when it must be remembered (ms). */
  private readonly seen = new Map<string, number>();
  private lines = 0;

  /** `file` null: memory only (a stand-in agent in the benchmark). */
  constructor(file: string | null) {
    this.file = file;
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const now = Date.now();
    for (const line of text.split('\n')) {
      try {
        const [nonce, until] = JSON.parse(line) as [string, number];
        if (typeof nonce === 'string' && typeof until === 'number' && until >= now) this.seen.set(nonce, until);
      } catch {
        // a torn last line after a crash, or an empty one
      }
    }
    this.compact();
  }

  /** Records the nonce; false when it was seen already (a replay). */
  add(nonce: string, until: number): boolean {
    const now = Date.now();
    for (const [n, u] of this.seen) if (u < now) this.seen.delete(n);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, until);
    if (this.file) {
      // On disk before the command runs: a crash right after cannot let a replay through.
      appendFileSync(this.file, `${JSON.stringify([nonce, until])}\n`, { mode: 0o600 });
      if (++this.lines > 2 * this.seen.size + 1000) this.compact();
    }
    return true;
  }

  /** Rewrites the file with the live nonces only. */
  private compact(): void {
    if (!this.file) return;
    const text = [...this.seen].map((entry) => `${JSON.stringify(entry)}\n`).join('');
    writeFileSync(`${this.file}.new`, text, { mode: 0o600 });
    renameSync(`${this.file}.new`, this.file);
    this.lines = this.seen.size;
  }
}
