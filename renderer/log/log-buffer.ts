// The lines of one output stream that a viewer holds: a window [startOffset, endOffset) of the
// stored bytes, split into lines with their numbers, arrival times and the ANSI state each
// line starts in. The window grows at the end (live output), at the start (earlier output on
// demand) and is trimmed to a bound; what is outside it stays in the master's store.
import { PLAIN, isPlain, stateAfter, type SgrState } from './ansi.ts';

const NL = 0x0a;

export function countNewlines(data: Uint8Array, from = 0, to = data.length): number {
  let n = 0;
  for (let i = data.indexOf(NL, from); i !== -1 && i < to; i = data.indexOf(NL, i + 1)) n++;
  return n;
}

export class LogBuffer {
  /** Complete lines; the incomplete last line is `tail`. */
  lines: string[] = [];
  /**
   * Byte offset where each of `lines` starts, found from the newlines of the bytes as they come:
   * trimming then knows the new window's ends without measuring the dropped text.
   */
  private starts: number[] = [];
  /** Byte offset where `tail` starts. */
  private tailStart = 0;
  /** 1-based number of lines[0]. */
  first = 1;
  startOffset = 0;
  endOffset = 0;
  tail = '';
  /** Arrival time runs, sorted by line: each applies from its line until the next run. */
  private runs: { line: number; at: number }[] = [];
  /** ANSI state at the start of lines whose state is not plain. */
  private states = new Map<number, SgrState>();
  private endState: SgrState = PLAIN;
  private decoder = new TextDecoder();

  /** Lines shown (the incomplete last one included). */
  get count(): number {
    return this.lines.length + (this.tail ? 1 : 0);
  }

  get last(): number {
    return this.first + this.count - 1;
  }

  text(line: number): string {
    const i = line - this.first;
    return i < this.lines.length ? this.lines[i] ?? '' : this.tail;
  }

  state(line: number): SgrState {
    return this.states.get(line) ?? PLAIN;
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
    this.lines = [];
    this.starts = [];
    this.tail = '';
    this.runs = [];
    this.states.clear();
    this.endState = PLAIN;
    this.decoder = new TextDecoder();
    this.first = line + (start > 0 ? 2 : 1);
    this.startOffset = offset + start;
    this.endOffset = this.startOffset;
    this.tailStart = this.startOffset;
    this.append(data.subarray(start), this.startOffset, times);
  }

  /** Output that continues exactly at endOffset. */
  append(data: Uint8Array, offset: number, times: [number, number][]): void {
    if (offset !== this.endOffset) throw new Error(`append at ${offset}, window ends at ${this.endOffset}`);
    const firstLine = this.first + this.lines.length;
    this.addRuns(data, offset, firstLine, times);
    const text = this.tail + this.decoder.decode(data, { stream: true });
    const parts = text.split('\n');
    this.tail = parts.pop()!;
    let state = this.endState;
    for (const part of parts) {
      if (!isPlain(state)) this.states.set(this.first + this.lines.length, state);
      this.lines.push(part);
      state = stateAfter(part, state);
    }
    this.endState = state;
    if (this.tail && !isPlain(state)) this.states.set(this.first + this.lines.length, state);
    this.tailStart = lineStarts(data, offset, this.tailStart, this.starts);
    this.endOffset = offset + data.length;
  }

  /** Output that ends exactly at startOffset (whole lines), read from `offset` (line count `line` before it). */
  prepend(data: Uint8Array, offset: number, line: number, times: [number, number][]): void {
    let start = 0;
    if (offset > 0) {
      const cut = data.indexOf(NL);
      start = cut === -1 ? data.length : cut + 1;
    }
    const block = data.subarray(start);
    const text = new TextDecoder().decode(block);
    const parts = text.split('\n');
    const joined = parts.pop()!; // '' when the window started on a line
    if (joined && this.lines.length > 0) this.lines[0] = joined + this.lines[0];
    const starts: number[] = [];
    const joinedStart = lineStarts(block, offset + start, offset + start, starts);
    if (this.lines.length > 0) this.starts[0] = joinedStart;
    this.starts = starts.concat(this.starts);
    const newFirst = line + (start > 0 ? 2 : 1);
    const oldRuns = this.runs.filter((r) => r.line >= this.first);
    this.runs = [];
    this.addRuns(block, offset + start, newFirst, times);
    this.runs.push(...oldRuns);
    let state = PLAIN;
    parts.forEach((part, i) => {
      if (!isPlain(state)) this.states.set(newFirst + i, state);
      state = stateAfter(part, state);
    });
    this.lines = parts.concat(this.lines);
    this.first = newFirst;
    this.startOffset = offset + start;
  }

  /** Drops lines from the start (live output past the bound); they stay loadable. */
  trimStart(keep: number): void {
    const drop = this.lines.length - keep;
    if (drop <= 0) return;
    this.lines.splice(0, drop);
    this.starts.splice(0, drop);
    this.startOffset = this.starts[0] ?? this.tailStart;
    for (const key of this.states.keys()) if (key < this.first + drop) this.states.delete(key);
    this.first += drop;
  }

  /** Drops lines from the end (after loading earlier output past the bound). */
  trimEnd(keep: number): void {
    if (this.lines.length <= keep) return;
    this.lines.splice(keep);
    this.endOffset = this.starts[keep]!;
    this.tailStart = this.endOffset;
    this.starts.splice(keep);
    this.tail = '';
    this.decoder = new TextDecoder();
    this.endState = PLAIN;
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
