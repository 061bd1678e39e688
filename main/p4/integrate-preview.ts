// What `p4 integrate` / `p4 merge` / `p4 copy` (and their -n previews) open or refuse, file by
// file, and who holds the exclusive locks `p4 opened -a` lists. Pure.
import { infoLines } from './info-lines.ts';

export interface IntegratedFile {
  depotFile: string;
  /** The target revision ("#none" for a file that does not exist yet is 0). */
  workRev: number;
  /** "integrate", "branch", "delete", "copy" … (without the "sync/" part). */
  action: string;
  fromFile: string;
  startFromRev: number;
  endFromRev: number;
}

export interface RefusedFile {
  depotFile: string;
  /** p4's own words. */
  text: string;
  /** Another client holds the file open exclusively (+l): its holder is in `p4 opened -a`. */
  exclusive: boolean;
}

export interface IntegratePreview {
  files: IntegratedFile[];
  refused: RefusedFile[];
}

const OPENED = /^(\/\/.+?)#(\d+|none) - (?:sync\/)?(integrate|branch|delete|copy|edit|add|import|move\/add|move\/delete|ignore)(?:\/sync)? from (\/\/.+?)#(\d+|none)(?:,#(\d+))?(?: using base .+?)?(?: \(remapped from .+\))?$/;
const REFUSED = /^(\/\/.+?) - (can't .+|is already opened by .+|must sync before integrating\.|resolve move to .+|not in (?:client|branch) view .+)$/;

export function parseIntegratePreview(stdout: string): IntegratePreview {
  const preview: IntegratePreview = { files: [], refused: [] };
  for (const line of infoLines(stdout)) {
    const o = OPENED.exec(line);
    if (o) {
      const start = o[5] === 'none' ? 0 : Number(o[5]);
      preview.files.push({
        depotFile: o[1]!, workRev: o[2] === 'none' ? 0 : Number(o[2]), action: o[3]!,
        fromFile: o[4]!, startFromRev: start, endFromRev: o[6] === undefined ? start : Number(o[6]),
      });
      continue;
    }
    const r = REFUSED.exec(line);
    if (r) preview.refused.push({ depotFile: r[1]!, text: line, exclusive: / exclusive file already opened$/.test(r[2]!) });
  }
  return preview;
}

const HOLDER = /^(\/\/.+?)(?:#(?:\d+|none))? - \S+ (?:default change|change \d+)(?: \([^)]+\))? by ([^@\s]+@\S+?)(?: \*(locked|exclusive)\*)?$/;

/** `p4 opened -a FILE…`: depot file → "user@client" of other clients' locked or exclusive opens. */
export function parseLockHolders(stdout: string): Map<string, string> {
  const holders = new Map<string, string>();
  for (const line of infoLines(stdout)) {
    const m = HOLDER.exec(line);
    if (m?.[3] && !holders.has(m[1]!)) holders.set(m[1]!, m[2]!);
  }
  return holders;
}
