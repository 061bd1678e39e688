// A file of p4-sync-like lines ("//depot/...#rev - updating /ws/..."), in the formats the
// simulator prints (test/fixtures/p4sim/messages.ts: syncUpdate, syncAdd, syncDelete), about
// 100 bytes a line. Deterministic, so every run and every baseline moves the same bytes.
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LinesFile {
  path: string;
  lines: number;
  bytes: number;
}

export function syncLine(i: number): string {
  const dir = `src/module${String(i % 997).padStart(3, '0')}/sub${String(i % 13).padStart(2, '0')}`;
  const file = `${dir}/file${String(i).padStart(7, '0')}.c`;
  const rev = (i % 9) + 1;
  const verb = i % 50 === 0 ? 'added as' : i % 97 === 0 ? 'deleted as' : 'updating';
  return `//depot/main/${file}#${rev} - ${verb} /ws/main/${file}\n`;
}

/** Writes (once per directory) `lines` sync lines into dir/sync-<lines>.txt. */
export function syncLinesFile(dir: string, lines: number): LinesFile {
  const path = join(dir, `sync-${lines}.txt`);
  if (!existsSync(path)) {
    const fd = openSync(path + '.part', 'w');
    let batch: string[] = [];
    for (let i = 1; i <= lines; i++) {
      batch.push(syncLine(i));
      if (batch.length === 10_000 || i === lines) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    closeSync(fd);
    // renamed last, so a half-written file is never reused
    renameSync(path + '.part', path);
  }
  return { path, lines, bytes: statSync(path).size };
}
