// The lines of one output stream that a viewer holds: a window [startOffset, endOffset) of the
// stored bytes, with the line numbers, arrival times and the ANSI state each line starts in.
// The window grows at the end (live output), at the start (earlier output on demand) and is
// trimmed to a bound; what is outside it stays in the master's store.
//
// The bytes are kept as they came (typed arrays live outside the JavaScript heap) with the byte
// offset where each line starts; a line becomes text only when it is drawn. Hundreds of
// thousands of line strings would have to be copied and marked by every garbage collection
// while a fast stream arrives, and those pauses were the page's longest tasks.
import { PLAIN, isPlain, stateAfter, type SgrState } from './ansi.ts';

const NL = 0x0a;
const ESC = 0x1b;

export function countNewlines(data: Uint8Array, from = 0, to = data.length): number {
  let n = 0;
  for (let i = data.indexOf(NL, from); i !== -1 && i < to; i = data.indexOf(NL, i + 1)) n++;
  return n;
}

interface Piece {
  /** Byte offset of data[0] in the stream. */
  offset: number;
  data: Uint8Array;
}

export class LogBuffer {
  /** 1-based number of the first line held. */
  first = 1;
  startOffset = 0;
  endOffset = 0;
  /** The bytes of the window in order, contiguous (the first may begin before startOffset). */
  private pieces: Piece[] = [];
  /** Byte offset where each complete line held starts; the unfinished last line starts at tailStart. */
  private starts: number[] = [];
  /** starts[0..head) are lines trimmed from the start: moving the rest down each time cost more. */
  private head = 0;
  private tailStart = 0;
  /** Arrival time runs, sorted by line: each applies from its line until the next run. */
  private runs: { line: number; at: number }[] = [];
  /** ANSI state at the start of lines whose state is not plain. */
  private states = new Map<number, SgrState>();
  /** State at the start of the unfinished last line. */
  private endState: SgrState = PLAIN;
  /** The unfinished last line holds an escape (its state is worked out once it ends). */
  private tailEscape = false;
  private readonly decoder = new TextDecoder();

  /** Lines held (the unfinished last one included). */
  get count(): number {
    return this.complete + (this.endOffset > this.tailStart ? 1 : 0);
  }

  /** Complete lines held. */
  get complete(): number {
    return this.starts.length - this.head;
  }

  get last(): number {
    return this.first + this.count - 1;
  }

  /** True when the window ends inside a line (the output so far does not end with a newline). */
  get open(): boolean {
    return this.endOffset > this.tailStart;
  }

  text(line: number): string {
    const i = line - this.first;
    if (i < 0 || i >= this.count) return '';
    // The unfinished line may end inside a character: that one waits for its other bytes.
    if (i === this.complete) return new TextDecoder().decode(this.bytes(this.tailStart, this.endOffset), { stream: true });
    return this.decoder.decode(this.bytes(this.starts[this.head + i]!, (this.starts[this.head + i + 1] ?? this.tailStart) - 1));
  }

  state(line: number): SgrState {
    return line - this.first === this.complete ? this.endState : this.states.get(line) ?? PLAIN;
  }

  /** When the line arrived (ms), or null when the store has no time for it. */
  time(line: number): number | null {
    let lo = 0;
    let hi = this.runs.length - 1;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[mid]!.line <= line) {
        found = this.runs[mid]!.at;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * Starts the window over at `offset` with `data` (newlines before `offset`: `line`). Unless it
   * starts the stream, the first partial line is left out, so the window starts on a line.
   */
  reset(data: Uint8Array, offset: number, line: number, times: [number, number][]): void {
    let start = 0;
    if (offset > 0) {
      const cut = data.indexOf(NL);
      if (cut !== -1) start = cut + 1;
    }
    this.pieces = [];
    this.starts = [];
    this.head = 0;
    this.runs = [];
    this.states.clear();
    this.endState = PLAIN;
    this.tailEscape = false;
    this.first = line + (start > 0 ? 2 : 1);
    this.startOffset = offset + start;
    this.endOffset = this.startOffset;
    this.tailStart = this.startOffset;
    this.append(data.subarray(start), this.startOffset, times);
  }

  /** Output that continues exactly at endOffset. */
  append(data: Uint8Array, offset: number, times: [number, number][]): void {
    if (offset !== this.endOffset) throw new Error(`append at ${offset}, window ends at ${this.endOffset}`);
    if (data.length === 0) return;
    const firstNew = this.first + this.complete;
    this.addRuns(data, offset, firstNew, times);
    this.pieces.push({ offset, data });
    const from = this.tailStart;
    this.tailStart = lineStarts(data, offset, this.tailStart, this.starts);
    this.endOffset = offset + data.length;
    // Only output with escapes has states to work out; plain output is never decoded here.
    const escape = this.tailEscape || data.includes(ESC);
    if (escape || !isPlain(this.endState)) this.endState = this.addStates(from, this.tailStart, firstNew, this.endState);
    this.tailEscape = escape && this.bytes(this.tailStart, this.endOffset).includes(ESC);
  }

  /** Output that ends exactly at startOffset (whole lines), read from `offset` (line count `line` before it). */
  prepend(data: Uint8Array, offset: number, line: number, times: [number, number][]): void {
    let start = 0;
    if (offset > 0) {
      const cut = data.indexOf(NL);
      start = cut === -1 ? data.length : cut + 1;
    }
    const block = data.subarray(start);
    const newFirst = line + (start > 0 ? 2 : 1);
    const starts: number[] = [];
    // Bytes after the block's last newline belong to the line the window started with.
    const joined = lineStarts(block, offset + start, offset + start, starts);
    const oldRuns = this.runs.filter((r) => r.line >= this.first);
    this.runs = [];
    this.addRuns(block, offset + start, newFirst, times);
    this.runs.push(...oldRuns);
    this.pieces.unshift({ offset: offset + start, data: block });
    if (this.complete > 0) this.starts[this.head] = joined;
    else this.tailStart = joined;
    this.starts = starts.concat(this.starts.slice(this.head));
    this.head = 0;
    this.first = newFirst;
    this.startOffset = offset + start;
    if (block.includes(ESC)) this.addStates(this.startOffset, joined, newFirst, PLAIN);
  }

  /** Drops complete lines from the start (live output past the bound); they stay loadable. */
  trimStart(keep: number): void {
    const drop = this.complete - keep;
    if (drop <= 0) return;
    this.head += drop;
    if (this.head > this.complete) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
    this.startOffset = this.starts[this.head] ?? this.tailStart;
    this.dropPieces();
    if (this.states.size > 0) for (const key of this.states.keys()) if (key < this.first + drop) this.states.delete(key);
    this.first += drop;
  }

  /** Drops lines from the end (after loading earlier output past the bound). */
  trimEnd(keep: number): void {
    if (this.complete <= keep) return;
    this.endOffset = this.starts[this.head + keep]!;
    this.tailStart = this.endOffset;
    this.starts.length = this.head + keep;
    this.dropPieces();
    this.endState = PLAIN;
    this.tailEscape = false;
  }

  /** The bytes [from, to) of the window, copied only when they span pieces. */
  private bytes(from: number, to: number): Uint8Array {
    if (to <= from) return new Uint8Array(0);
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.pieces[mid]!.offset <= from) lo = mid;
      else hi = mid - 1;
    }
    const piece = this.pieces[lo]!;
    if (to <= piece.offset + piece.data.length) return piece.data.subarray(from - piece.offset, to - piece.offset);
    const out = new Uint8Array(to - from);
    for (let k = lo, at = from; at < to; k++) {
      const p = this.pieces[k]!;
      const part = p.data.subarray(at - p.offset, Math.min(p.data.length, to - p.offset));
      out.set(part, at - from);
      at += part.length;
    }
    return out;
  }

  /** Records the states of the complete lines in [from, to) (numbered from `line`); returns the state after them. */
  private addStates(from: number, to: number, line: number, state: SgrState): SgrState {
    if (to <= from) return state;
    const lines = new TextDecoder().decode(this.bytes(from, to - 1)).split('\n');
    lines.forEach((text, i) => {
      if (!isPlain(state)) this.states.set(line + i, state);
      state = stateAfter(text, state);
    });
    return state;
  }

  /** Forgets the pieces wholly outside [startOffset, endOffset). */
  private dropPieces(): void {
    const keep = this.pieces.filter((p) => p.offset + p.data.length > this.startOffset && p.offset < this.endOffset);
    if (keep.length !== this.pieces.length) this.pieces = keep;
  }

  private addRuns(data: Uint8Array, offset: number, firstLine: number, times: [number, number][]): void {
    for (const [at, ms] of times) {
      if (at >= offset + data.length) break;
      const line = at <= offset ? firstLine : firstLine + countNewlines(data, 0, at - offset);
      const last = this.runs.at(-1);
      // A line's time is when its first byte arrived.
      if (!last || (last.line < line && last.at !== ms)) this.runs.push({ line, at: ms });
    }
  }
}

/**
 * Pushes onto `starts` the start offset of each line that a newline in `data` (stored at
 * `offset`) ends, the first of them starting at `lineStart`; returns where the line after the
 * last newline starts.
 */
function lineStarts(data: Uint8Array, offset: number, lineStart: number, starts: number[]): number {
  for (let i = data.indexOf(NL); i !== -1; i = data.indexOf(NL, i + 1)) {
    starts.push(lineStart);
    lineStart = offset + i + 1;
  }
  return lineStart;
}
