// One stream of one command on disk. Every byte the command prints is appended here before it
// is sent, and stays until the master acknowledges it, so a lost connection or a restarted
// master never loses output: the agent resends from the last acknowledged offset.
import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

export class OutputSpool {
  readonly path: string;
  private fd: number;
  /** Bytes written to the file (the command's total output on this stream so far). */
  written: number;
  /** Bytes sent on the current connection (reset to `acked` when the link drops). */
  sent = 0;
  /** Bytes the master confirmed it has stored. */
  acked = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'a+', 0o600);
    this.written = fstatSync(this.fd).size;
  }

  append(data: Buffer): void {
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
    this.written += data.length;
  }

  /**
   * Reads up to `max` bytes from `offset` into `into` at `at` (used both for live sending and
   * resending) and returns how many it read. The caller reuses `into` chunk after chunk, so
   * streaming allocates nothing here.
   */
  readInto(offset: number, into: Buffer, at: number, max: number): number {
    const length = Math.min(max, this.written - offset);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, into, at + got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  }

  acknowledge(offset: number): void {
    if (offset > this.acked) this.acked = Math.min(offset, this.written);
    if (this.sent < this.acked) this.sent = this.acked;
  }

  /**
   * The master has exactly `offset` bytes: send again from there. This may go below `acked`
   * (a master that lost committed rows): the spool keeps every byte until the command settles.
   */
  rewind(offset: number): void {
    this.acked = Math.min(offset, this.written);
    this.sent = this.acked;
  }

  get unacked(): number {
    return this.sent - this.acked;
  }

  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
