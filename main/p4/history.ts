// Who changed what: `p4 changes` / `p4 interchanges` and `p4 filelog`, in the short form
// (description cut to 31 characters in quotes) and the -l form (full description as a
// TAB-indented block). Pure.
import { infoLines } from './info-lines.ts';

export interface ChangeSummary {
  change: number;
  /** "2024/01/03", or "2024/01/03 10:00:00" with -t. */
  date: string;
  user: string;
  client: string;
  pending: boolean;
  /** Full with -l; else p4's first 31 characters. */
  description: string;
}

// The client runs to the first " *pending*", quote or end: client names may contain ":" and ".".
const CHANGE_LINE = /^Change (\d+) on (\d{4}\/\d\d\/\d\d(?: \d\d:\d\d:\d\d)?) by ([^@\s]+)@(\S+?)( \*pending\*)?(?: '(.*)')?$/;

/** Reads the TAB-indented description block that follows a header in the -l form. */
function longDescription(lines: string[], from: number): { text: string; next: number } {
  const block: string[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('\t')) block.push(l.slice(1));
    else if (l !== '') break;
  }
  return { text: block.join('\n').replace(/\n+$/, ''), next: i };
}

/** `p4 changes` or `p4 interchanges` output: one entry per change, in the order printed. */
export function parseChanges(stdout: string): ChangeSummary[] {
  const lines = infoLines(stdout);
  const changes: ChangeSummary[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = CHANGE_LINE.exec(lines[i]!);
    if (!m) continue;
    const entry: ChangeSummary = { change: Number(m[1]), date: m[2]!, user: m[3]!, client: m[4]!, pending: m[5] !== undefined, description: m[6] ?? '' };
    if (m[6] === undefined) {
      const long = longDescription(lines, i + 1);
      entry.description = long.text;
      i = long.next - 1;
    }
    changes.push(entry);
  }
  return changes;
}

export interface Integration {
  /** "merge from", "copy into", "branch from", "ignored by" … */
  how: string;
  file: string;
  startRev: number;
  endRev: number;
}

export interface FileRevision {
  rev: number;
  change: number;
  action: string;
  date: string;
  user: string;
  client: string;
  type: string;
  description: string;
  integrations: Integration[];
}

export interface FileLog {
  depotFile: string;
  /** Newest first, as p4 prints them. */
  revisions: FileRevision[];
}

const REV_LINE = /^\.\.\. #(\d+) change (\d+) (\S+) on (\d{4}\/\d\d\/\d\d(?: \d\d:\d\d:\d\d)?) by ([^@\s]+)@(.+?) \(([^)]+)\)(?: '(.*)')?$/;
const INTEG_LINE = /^\.\.\. \.\.\. ([a-z]+(?: [a-z]+)?) (\/\/.+?)(?:#(\d+|none),)?#(\d+)$/;

/** `p4 filelog` output: a section per file (with -i, ancestors follow as further sections). */
export function parseFilelog(stdout: string): FileLog[] {
  const lines = infoLines(stdout);
  const logs: FileLog[] = [];
  let revision: FileRevision | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\/\/[^#\s][^#]*$/.test(line)) {
      logs.push({ depotFile: line, revisions: [] });
      revision = undefined;
      continue;
    }
    const r = REV_LINE.exec(line);
    const log = logs.at(-1);
    if (r && log) {
      revision = {
        rev: Number(r[1]), change: Number(r[2]), action: r[3]!, date: r[4]!, user: r[5]!, client: r[6]!, type: r[7]!,
        description: r[8] ?? '', integrations: [],
      };
      if (r[8] === undefined) {
        const long = longDescription(lines, i + 1);
        revision.description = long.text;
        i = long.next - 1;
      }
      log.revisions.push(revision);
      continue;
    }
    const g = INTEG_LINE.exec(line);
    if (g && revision) {
      const end = Number(g[4]);
      revision.integrations.push({ how: g[1]!, file: g[2]!, startRev: g[3] === undefined ? end : g[3] === 'none' ? 0 : Number(g[3]), endRev: end });
    }
  }
  return logs;
}
