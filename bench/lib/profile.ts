// Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per
// function and per category (SQLite, TLS, GC, idle...), for the "why" behind a missed target.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Sampled time not spent idle (the denominator of each share). */
  busyMs: number;
  top: { name: string; ms: number; pct: number }[];
}

export function summarizeProfile(file: string, topN = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!node) continue;
    const f = node.callFrame;
    const where = f.url ? f.url.replace(`file://${ROOT}/`, '') : '';
    const name = `${f.functionName || '(anonymous)'}${where ? ` ${where}:${f.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + dt);
  }
  const busy = total - (self.get('(idle)') ?? 0);
  self.delete('(idle)');
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN).map(([name, ms]) => ({ name, ms, pct: (100 * ms) / busy }));
  // Relative to where the bench runs (the repository), so saved results name no machine's folders.
  return { file: relative(process.cwd(), file), totalMs: total, busyMs: busy, top };
}

export function newestProfile(dir: string): string | null {
  try {
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
    return files.length ? join(dir, files.at(-1)!) : null;
  } catch {
    return null;
  }
}
