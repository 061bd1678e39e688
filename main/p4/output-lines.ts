// Turns raw {stdout, stderr} into message lines and tagged records, whatever global option
// produced them: plain text, `-s` severity tags, `-ztag` "... key value" records,
// `-Mj` JSON lines, and the "[Error]: " prefix the P4PHP/P4Python wrappers print.

import { LEVEL1_MESSAGE_WORDS, type MessageSeverity } from './message-catalog.ts';

export interface OutputLine {
  /** The message text with severity tags and level prefixes ("info: ", "... ") removed. */
  text: string;
  stream: 'stdout' | 'stderr';
  /** Severity the output format states; undefined for plain stderr (warning or error: unknown). */
  tag?: MessageSeverity;
  /** Indentation level from "... " prefixes or info1/info2 tags. */
  level: number;
}

export type TaggedRecord = Record<string, string>;

export interface ParsedOutput {
  lines: OutputLine[];
  records: TaggedRecord[];
  /** The process exit status, or the `exit: N` trailer of -s/-e output when that says worse. */
  exitCode: number | null;
}

// Record values that continue on unprefixed lines (describe's desc, spec forms' Description).
const MULTILINE_KEYS: ReadonlySet<string> = new Set(['desc', 'Description']);

const S_TAG = /^(info|info1|info2|text|warning|error|exit): ?(.*)$/;
const WRAPPER_TAG = /^\s*\[(Error|Warning|Info)\]: ?(.*)$/;
const LEVEL_PREFIX = /^((?:\.\.\. )+)(.*)$/;
const FIELD = /^([A-Za-z][\w]*)(?: (.*))?$/;

class RecordBuilder {
  readonly records: TaggedRecord[] = [];
  private current: TaggedRecord | undefined;
  private continuing: string | undefined;

  field(key: string, value: string): void {
    // A key seen again also starts the next record, in case a blank separator went missing.
    if (!this.current || key in this.current) {
      this.current = {};
      this.records.push(this.current);
    }
    this.current[key] = value;
    this.continuing = MULTILINE_KEYS.has(key) ? key : undefined;
  }

  /** Returns true when the line belongs to the value of the previous multi-line field. */
  continuation(line: string): boolean {
    if (!this.current || this.continuing === undefined) return false;
    this.current[this.continuing] += `\n${line}`;
    return true;
  }

  /** A blank line ends the record, unless it belongs to a multi-line value (desc ends with one). */
  blank(): void {
    if (this.continuation('')) return;
    this.current = undefined;
  }

  endValue(): void {
    if (this.current && this.continuing !== undefined) {
      this.current[this.continuing] = (this.current[this.continuing] ?? '').replace(/\n+$/, '');
    }
    this.continuing = undefined;
  }
}

function isField(rest: string): RegExpExecArray | null {
  const m = FIELD.exec(rest);
  if (!m) return null;
  // "... must resolve content from //x" is a level-1 message, not a "must" field.
  if (LEVEL1_MESSAGE_WORDS.has(m[1] as string) && (m[2] ?? '').includes(' ')) return null;
  return m;
}

function severityFromNumber(n: unknown): MessageSeverity {
  const v = Number(n);
  if (v >= 3) return 'error';
  if (v === 2) return 'warning';
  return 'info';
}

/** -Mj / JSON-converted -G dictionaries: classify by key presence. */
function parseJsonLine(
  raw: string,
  stream: 'stdout' | 'stderr',
  out: OutputLine[],
  records: TaggedRecord[],
): boolean {
  if (!raw.startsWith('{') || !raw.endsWith('}')) return false;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return false;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const dict = value as Record<string, unknown>;
  const code = dict['code'];
  const data = typeof dict['data'] === 'string' ? dict['data'] : undefined;
  const isMessage =
    code === 'error' ||
    code === 'info' ||
    (code === undefined && data !== undefined && ('severity' in dict || 'level' in dict) &&
      Object.keys(dict).every((k) => ['data', 'severity', 'generic', 'level'].includes(k)));
  if (isMessage && data !== undefined) {
    const tag = 'severity' in dict ? severityFromNumber(dict['severity']) : 'info';
    const level = Number(dict['level'] ?? 0) || 0;
    for (const text of data.replace(/\n$/, '').split('\n')) {
      out.push({ text, stream, tag, level: level === 1 || level === 2 ? level : 0 });
    }
    return true;
  }
  const record: TaggedRecord = {};
  for (const [k, v] of Object.entries(dict)) {
    if (k !== 'code') record[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  records.push(record);
  return true;
}

function parseStream(
  text: string,
  stream: 'stdout' | 'stderr',
  lines: OutputLine[],
  builder: RecordBuilder,
): number | undefined {
  let trailerExit: number | undefined;
  const rows = text.split(/\r?\n/);
  if (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  for (const raw of rows) {
    if (parseJsonLine(raw.trim(), stream, lines, builder.records)) continue;
    let body = raw;
    let tag: MessageSeverity | undefined = stream === 'stdout' ? 'info' : undefined;
    let level = 0;
    const s = S_TAG.exec(raw);
    if (s) {
      const name = s[1] as string;
      body = s[2] as string;
      if (name === 'exit') {
        trailerExit = Number(body.trim());
        continue;
      }
      tag = name === 'error' ? 'error' : name === 'warning' ? 'warning' : 'info';
      // Under -s -ztag a record field comes out as "info1: key value".
      if (name === 'info1') body = `... ${body}`;
      if (name === 'info2') body = `... ... ${body}`;
    } else {
      const w = WRAPPER_TAG.exec(raw);
      if (w) {
        body = w[2] as string;
        tag = w[1] === 'Error' ? 'error' : w[1] === 'Warning' ? 'warning' : 'info';
      }
    }
    const lp = LEVEL_PREFIX.exec(body);
    // "... - file(s) up-to-date." echoes a literal "..." argument: not a level prefix.
    if (lp && !(lp[2] as string).startsWith('- ')) {
      const rest = lp[2] as string;
      const field = isField(rest);
      if (field) {
        builder.endValue();
        builder.field(field[1] as string, field[2] ?? '');
        continue;
      }
      level = Math.min((lp[1] as string).length / 4, 2);
      body = rest;
    } else if (body.trim() === '') {
      builder.blank();
      continue;
    } else if (builder.continuation(body)) {
      continue;
    }
    builder.endValue();
    lines.push({ text: body.trimEnd(), stream, tag, level });
  }
  builder.endValue();
  return trailerExit;
}

export function parseOutput(stdout: string, stderr: string, exitCode: number | null): ParsedOutput {
  const lines: OutputLine[] = [];
  const builder = new RecordBuilder();
  const outExit = parseStream(stdout, 'stdout', lines, builder);
  const errExit = parseStream(stderr, 'stderr', lines, builder);
  const trailer = Math.max(outExit ?? 0, errExit ?? 0);
  // A wrapper may swallow p4's status; the -s trailer is p4's own word for it.
  const effective = exitCode === null ? null : exitCode !== 0 ? exitCode : trailer;
  return { lines, records: builder.records, exitCode: effective };
}
