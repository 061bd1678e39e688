// `p4 resolve -a*` and `p4 resolve -n` print a block per file:
//   intro   "<local> - merging //from#2,#3" | "<local> - vs //from#2" | "<local> - binary/binary merge …"
//   chunks  "Diff chunks: …" | "Non-text diff: …"        (absent for -n and fast paths)
//   result  "<client> - merge from //from" | "<client> - resolve skipped."   (absent for -n)
// A block that ends without a result line is a file still waiting for a resolve.

import type { Findings } from './findings.ts';
import { applyRules, type LineRule } from './line-rules.ts';
import type { OutputLine, TaggedRecord } from './output-lines.ts';
import type { ConflictReason } from './types.ts';

interface Block {
  local: string | undefined;
  reason: ConflictReason;
}

const UNNAMED = '(file not named in the output)';

// Headers p4 prints instead of a diff summary for resolves that are not about content.
const NON_CONTENT_HEADER = /^(?:Branch|Delete|Filetype|Filename|Attribute|Charset) resolve:?$/;

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
        re: /^(.+?) - merging \/\/.+?#\d+(?:,#\d+)?(?: using base .+)?$/,
        apply: (m) => this.open(m[1], 'conflict'),
      },
      // Two-way raw ("vs") and three-way raw ("binary/binary merge") cannot be merged by -am.
      { re: /^(.+?) - vs \/\/.+$/, apply: (m) => this.open(m[1], 'binary') },
      { re: /^(.+?) - \S+\/\S+ merge \/\/.+$/, apply: (m) => this.open(m[1], 'binary') },
      {
        re: /^(.+?) - resolving (move to|\S+ from) \/\/.+$/,
        apply: (m) => this.open(m[1], m[2] === 'content from' ? 'conflict' : 'non-content'),
      },
      { re: NON_CONTENT_HEADER, apply: () => this.mark('non-content') },
      {
        re: /^(Diff chunks|Non-text diff): \d+ yours \+ \d+ theirs \+ \d+ both \+ \d+ conflicting$/,
        apply: (m) => {
          if (m[1] === 'Non-text diff') this.mark('binary');
          else this.current();
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
          f.conflict(m[1] ?? UNNAMED, this.current().reason);
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

  private open(local: string | undefined, reason: ConflictReason): void {
    this.closeOpen();
    this.block = { local, reason: this.pendingNonContent ? 'non-content' : reason };
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
    if (this.block) this.f.conflict(this.block.local ?? UNNAMED, this.block.reason);
    this.block = undefined;
  }
}
