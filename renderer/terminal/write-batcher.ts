// Batches terminal writes (one flush per ~16 ms frame) with ack-based flow control: the next
// batch goes to the terminal only after it has parsed the previous one, and the producer is
// told to hold off while the backlog is above the high-water mark. Memory stays bounded by
// the marks, whatever the command prints.

/** What the batcher needs of xterm: write(data, callback-when-parsed). */
export interface TerminalSink {
  write(data: string, parsed: () => void): void;
}

export interface BatcherOptions {
  intervalMs: number;
  /** Characters handed to the terminal per flush. */
  maxBatch: number;
  /** xterm yields to the page between write calls, so a batch goes in pieces this big. */
  pieceSize: number;
  /** Above this backlog (queued + in the terminal) the producer should pause. */
  highWater: number;
  /** Below this the producer is told to go on. */
  lowWater: number;
}

export const DEFAULT_BATCHER: BatcherOptions = { intervalMs: 16, maxBatch: 128 * 1024, pieceSize: 16 * 1024, highWater: 1024 * 1024, lowWater: 256 * 1024 };

export class WriteBatcher {
  private readonly sink: TerminalSink;
  private readonly opts: BatcherOptions;
  private queue: string[] = [];
  private queued = 0;
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  /** Called when the backlog drops below the low-water mark. */
  onDrain: () => void = () => undefined;

  constructor(sink: TerminalSink, opts: Partial<BatcherOptions> = {}) {
    this.sink = sink;
    this.opts = { ...DEFAULT_BATCHER, ...opts };
  }

  get backlog(): number {
    return this.queued + this.inFlight;
  }

  hasRoom(): boolean {
    return this.backlog < this.opts.highWater;
  }

  push(text: string): void {
    if (this.disposed || text.length === 0) return;
    this.queue.push(text);
    this.queued += text.length;
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
    this.queued = 0;
  }

  private schedule(): void {
    if (this.timer || this.inFlight > 0 || this.queued === 0 || this.disposed) return;
    this.timer = setTimeout(() => this.flush(), this.opts.intervalMs);
  }

  private flush(): void {
    this.timer = null;
    if (this.disposed || this.inFlight > 0) return;
    const batch = this.take(this.opts.maxBatch);
    if (batch.length === 0) return;
    this.inFlight = batch.length;
    const { pieceSize } = this.opts;
    for (let at = 0; at < batch.length; at += pieceSize) {
      const last = at + pieceSize >= batch.length;
      this.sink.write(batch.slice(at, at + pieceSize), last ? () => this.parsed() : noop);
    }
  }

  private parsed(): void {
    if (this.disposed) return;
    this.inFlight = 0;
    this.schedule();
    if (this.backlog < this.opts.lowWater) this.onDrain();
  }

  private take(max: number): string {
    const parts: string[] = [];
    let size = 0;
    while (this.queue.length > 0 && size < max) {
      const head = this.queue[0]!;
      const room = max - size;
      if (head.length <= room) {
        parts.push(head);
        this.queue.shift();
        size += head.length;
      } else {
        parts.push(head.slice(0, room));
        this.queue[0] = head.slice(room);
        size += room;
      }
    }
    this.queued -= size;
    return parts.join('');
  }
}

function noop(): void {}
