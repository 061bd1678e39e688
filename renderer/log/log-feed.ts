// Keeps a LogBuffer filled for one stream of one command: opens at the end of what is stored
// (or around a given line or offset), loads earlier or later output on demand, and follows live
// output: a chunk is used when it continues the window exactly, any gap is read from the store.
import type { ClientApi, MasterEvent, StreamName } from '../../preload/api.ts';
import { LogBuffer } from './log-buffer.ts';

/** Bytes read per step: each "load earlier", and while catching up with a stream. */
export const STEP_BYTES = 512 * 1024;
/** Bytes read on open: a few screens of the end, small so that they show at once. */
export const OPEN_BYTES = 64 * 1024;
/** Lines a viewer keeps in memory; beyond, the far end is dropped (and can be loaded again). */
export const MAX_LINES = 200_000;
/** Lines held past the bound before the start is trimmed while following: in steps, not per chunk. */
const TRIM_LINES = 2_000;

export class LogFeed {
  readonly buffer = new LogBuffer();
  /** Bytes stored for the stream, as far as the feed knows. */
  known = 0;
  /** False while the window does not reach the end: live output is not appended. */
  atEnd = true;
  /** True while the viewer shows the end: the start may be trimmed. */
  following = true;
  /** Called after every change of the buffer (the view redraws on the next frame). */
  onChange: () => void = () => undefined;
  onError: (err: unknown) => void = () => undefined;
  private readonly api: Pick<ClientApi, 'commands' | 'onEvent' | 'watchOutput'>;
  private readonly cmdId: string;
  private readonly stream: StreamName;
  private unsubscribe: (() => void) | null = null;
  private unwatch: (() => void) | null = null;
  private reading = false;
  private opened = false;
  private disposed = false;
  /** Bumped by every openAt: reads begun for an older window drop what they got. */
  private generation = 0;

  constructor(api: Pick<ClientApi, 'commands' | 'onEvent' | 'watchOutput'>, cmdId: string, stream: StreamName) {
    this.api = api;
    this.cmdId = cmdId;
    this.stream = stream;
  }

  /**
   * Subscribes first, then reads, so no live chunk falls between the two. `at`: a byte offset
   * to open around, else the end. `stored`: the stream's stored length when the caller just
   * read it (saves asking again; live events correct it).
   */
  async open(at?: number, stored?: number): Promise<void> {
    this.unsubscribe ??= this.api.onEvent((event) => this.onEvent(event));
    this.unwatch ??= this.api.watchOutput(this.cmdId);
    if (stored === undefined) {
      const command = await this.api.commands.get(this.cmdId);
      stored = this.stream === 'stdout' ? command.stdout_bytes : command.stderr_bytes;
    }
    this.known = Math.max(this.known, stored);
    if (at === undefined) await this.openAtEnd();
    else await this.openAt(Math.max(0, at - STEP_BYTES / 2));
  }

  /** The last step of the stream, then whatever arrives after it. */
  openAtEnd(): Promise<void> {
    this.following = true;
    return this.openAt(Math.max(0, this.known - OPEN_BYTES), true, OPEN_BYTES);
  }

  /**
   * Starts the window at `offset` (rounded to the next line start) and fills one step. `toEnd`:
   * the window then follows the stream, however much arrived during the read.
   */
  async openAt(offset: number, toEnd = false, bytes = STEP_BYTES): Promise<void> {
    const generation = ++this.generation;
    try {
      const slice = await this.api.commands.output(this.cmdId, this.stream, offset, bytes);
      if (this.disposed || generation !== this.generation) return;
      this.buffer.reset(slice.data, offset, slice.line, slice.times);
      this.opened = true;
      // A short read reached the stored end: anything past it is live output to catch up on.
      this.atEnd = toEnd || slice.data.length < bytes || this.buffer.endOffset >= this.known;
      this.onChange();
    } catch (err) {
      if (!this.disposed) this.onError(err);
    }
    if (this.atEnd) void this.catchUp();
  }

  async loadEarlier(): Promise<void> {
    const end = this.buffer.startOffset;
    if (end === 0) return;
    await this.guard(async () => {
      const generation = this.generation;
      const from = Math.max(0, end - STEP_BYTES);
      const slice = await this.api.commands.output(this.cmdId, this.stream, from, end - from);
      if (this.disposed || generation !== this.generation || this.buffer.startOffset !== end) return;
      this.buffer.prepend(slice.data, from, slice.line, slice.times);
      if (this.buffer.complete > MAX_LINES) {
        this.buffer.trimEnd(MAX_LINES);
        this.atEnd = false;
      }
      this.onChange();
    });
  }

  /** Reads on from the end of the window (one step, or up to the end when following). */
  async loadLater(): Promise<void> {
    await this.guard(() => this.readForward(this.atEnd ? Infinity : STEP_BYTES));
    if (this.atEnd) void this.catchUp();
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    this.unwatch?.();
  }

  private onEvent(event: MasterEvent): void {
    if (event.type === 'command' && event.command.cmd_id === this.cmdId) {
      this.known = Math.max(this.known, this.stream === 'stdout' ? event.command.stdout_bytes : event.command.stderr_bytes);
      if (this.atEnd) void this.catchUp();
      else this.onChange();
    } else if (event.type === 'output' && event.cmd_id === this.cmdId && event.stream === this.stream) {
      const end = event.offset + event.data.length;
      this.known = Math.max(this.known, end);
      if (!this.atEnd || !this.opened) return this.onChange();
      const b = this.buffer;
      if (this.reading || event.offset > b.endOffset) return void this.catchUp();
      if (end <= b.endOffset) return;
      b.append(event.data.subarray(b.endOffset - event.offset), b.endOffset, [[b.endOffset, event.at ?? Date.now()]]);
      this.bound();
      this.onChange();
    }
  }

  /** Reads the gap between the window's end and what is stored. */
  private async catchUp(): Promise<void> {
    if (this.reading || !this.opened || this.buffer.endOffset >= this.known) return;
    await this.guard(() => this.readForward(Infinity));
  }

  private async readForward(maxBytes: number): Promise<void> {
    const generation = this.generation;
    let read = 0;
    while (!this.disposed && this.buffer.endOffset < this.known && read < maxBytes) {
      const offset = this.buffer.endOffset;
      const slice = await this.api.commands.output(this.cmdId, this.stream, offset, STEP_BYTES);
      if (this.disposed || generation !== this.generation) return;
      if (slice.data.length === 0 || this.buffer.endOffset !== offset) break;
      this.buffer.append(slice.data, offset, slice.times);
      read += slice.data.length;
      this.bound();
      this.onChange();
    }
    this.atEnd = this.buffer.endOffset >= this.known;
  }

  private bound(): void {
    const b = this.buffer;
    if (b.complete > MAX_LINES + TRIM_LINES && (this.following || b.complete > MAX_LINES * 2)) b.trimStart(MAX_LINES);
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      await work();
    } catch (err) {
      if (!this.disposed) this.onError(err);
    } finally {
      this.reading = false;
    }
    // Output that arrived while this read ran (or a window opened meanwhile) is read now.
    if (!this.disposed && this.atEnd && this.buffer.endOffset < this.known) void this.catchUp();
  }
}
