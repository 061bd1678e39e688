// `p4 resolve -a*` and `p4 resolve -n` print a block per file:
//   intro   "<local> - merging //from#2,#3" | "<local> - vs //from#2" | "<local> - binary/binary merge …"
//   chunks  "Diff chunks: …" | "Non-text diff: …"        (absent for -n and fast paths)
//   result  "<client> - merge from //from" | "<client> - resolve skipped."   (absent for -n)
// A block that ends without a result line is a file still waiting for a resolve.

import type { Findings } from './findings.ts';
import { applyRules, type LineRule } from './line-rules.ts';
import type { OutputLine, TaggedRecord } from './output-lines.ts';
import type { Conflict, ConflictReason } from './types.ts';

interface Block extends Pick<Conflict, 'from' | 'chunks'> {
  local: string | undefined;
  reason: ConflictReason;
}

/** "//from#2,#3" (or "//from#3") captured as file, start and end revision. */
const FROM = String.raw`(\/\/.+?)#(\d+)(?:,#(\d+))?`;
const from = (m: RegExpExecArray, i: number): Block['from'] =>
  m[i] === undefined ? undefined : { file: m[i], start: Number(m[i + 1]), end: Number(m[i + 2] ?? m[i + 1]) };

const UNNAMED = '(file not named in the output)';

// Headers p4 prints instead of a diff summary for resolves that are not about content.
const NON_CONTENT_HEADER = /^(?:Branch|Delete|Filetype|Filename|Attribute|Charset) resolve:?$/;

/** The source of a pending resolve from its -ztag record; startFromRev is the revision before the first. */
export function fromOfRecord(record: TaggedRecord): Conflict['from'] {
  const file = record['fromFile'];
  const end = Number(record['endFromRev']);
  if (file === undefined || !Number.isInteger(end)) return undefined;
  const before = record['startFromRev'];
  return { file, start: before === undefined || before === 'none' ? 1 : Number(before) + 1, end };
}

/** Reason for a pending resolve from its -ztag record. */
export function reasonOfRecord(record: TaggedRecord): ConflictReason {
  const type = record['resolveType'];
  if (type !== undefined && type !== 'content') return 'non-content';
  const content = record['contentResolveType'];
  if (content !== undefined && content !== '3waytext') return 'binary';
  return 'conflict';
}

export class ResolveReader {
  private block: Block | undefined;
  private pendingNonContent = false;
  private readonly f: Findings;
  private readonly rules: LineRule[];

  constructor(f: Findings) {
    this.f = f;
    this.rules = [
      {
        re: new RegExp(`^(.+?) - merging ${FROM}(?: using base .+)?$`),
        apply: (m) => this.open(m[1], 'conflict', from(m, 2)),
      },
      // Two-way raw ("vs") and three-way raw ("binary/binary merge") cannot be merged by -am.
      { re: new RegExp(`^(.+?) - vs ${FROM}$`), apply: (m) => this.open(m[1], 'binary', from(m, 2)) },
      { re: /^(.+?) - vs \/\/.+$/, apply: (m) => this.open(m[1], 'binary') },
      { re: new RegExp(`^(.+?) - \\S+\\/\\S+ merge ${FROM}(?: using base .+)?$`), apply: (m) => this.open(m[1], 'binary', from(m, 2)) },
      { re: /^(.+?) - \S+\/\S+ merge \/\/.+$/, apply: (m) => this.open(m[1], 'binary') },
      {
        re: /^(.+?) - resolving (move to|\S+ from) \/\/.+$/,
        apply: (m) => this.open(m[1], m[2] === 'content from' ? 'conflict' : 'non-content'),
      },
      { re: NON_CONTENT_HEADER, apply: () => this.mark('non-content') },
      {
        re: /^(Diff chunks|Non-text diff): (\d+) yours \+ (\d+) theirs \+ (\d+) both \+ (\d+) conflicting$/,
        apply: (m) => {
          if (m[1] === 'Non-text diff') this.mark('binary');
          this.current().chunks = { yours: Number(m[2]), theirs: Number(m[3]), both: Number(m[4]), conflicting: Number(m[5]) };
        },
      },
      { re: /^Diff chunks: \d+ between yours and theirs \(no common base\)$/, apply: () => this.current() },
      { re: /^Non-text file merge\.$/, apply: () => this.mark('binary') },
      { re: /^Must resolve manually\.$/, apply: () => this.current() },
      {
        re: /^(.+?) - (merge from|copy from|ignored|edit from|branch from|delete from|add from|moved from|resolved \S+ from) \/\/.+$/,
        apply: (m) => {
          f.file(m[1] ?? '', m[2] ?? '');
          this.block = undefined;
        },
      },
      {
        re: /^(.+?) - resolve skipped\.$/,
        apply: (m) => {
          const { reason, from, chunks } = this.current();
          f.conflict(m[1] ?? UNNAMED, reason, { from, chunks });
          this.block = undefined;
        },
      },
      // The interactive menu -ztag resolve -n/-N prints inside the tagged stream.
      { re: /^(?:at|ay|am): \S+$/, apply: () => {} },
    ];
  }

  line(line: OutputLine): boolean {
    return applyRules(this.rules, line, this.f);
  }

  /** Closes the last block: without a result line its file is still unresolved. */
  finish(): void {
    this.closeOpen();
  }

  private open(local: string | undefined, reason: ConflictReason, from?: Block['from']): void {
    this.closeOpen();
    this.block = { local, reason: this.pendingNonContent ? 'non-content' : reason, from };
    this.pendingNonContent = false;
  }

  private current(): Block {
    this.block ??= { local: undefined, reason: 'conflict' };
    return this.block;
  }

  private mark(reason: ConflictReason): void {
    if (reason === 'non-content' && !this.block) {
      // The header may precede the intro line it belongs to.
      this.pendingNonContent = true;
      return;
    }
    const block = this.current();
    // non-content outranks binary: the resolve is not about the bytes at all.
    if (block.reason !== 'non-content') block.reason = reason;
  }

  private closeOpen(): void {
    if (this.block) this.f.conflict(this.block.local ?? UNNAMED, this.block.reason, { from: this.block.from, chunks: this.block.chunks });
    this.block = undefined;
  }
}
