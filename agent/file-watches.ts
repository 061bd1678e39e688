// Watches files for the master (the resolve watcher's conflict files) and reports changes,
// debounced. Watching the parent directory also catches editors that save by rename.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from './log.ts';

interface Watch {
  /** Absolute path → the path as the master gave it. */
  files: Map<string, string>;
  dirs: FSWatcher[];
  pending: Set<string>;
  timer: NodeJS.Timeout | null;
}

export class FileWatches {
  private readonly watches = new Map<string, Watch>();
  private readonly workspace: string;
  private readonly log: Logger;
  private readonly report: (watchId: string, paths: string[]) => void;

  constructor(workspace: string, log: Logger, report: (watchId: string, paths: string[]) => void) {
    this.workspace = workspace;
    this.log = log;
    this.report = report;
  }

  watch(watchId: string, paths: string[], debounceMs: number): void {
    this.unwatch(watchId);
    const entry: Watch = { files: new Map(), dirs: [], pending: new Set(), timer: null };
    for (const path of paths) entry.files.set(resolve(this.workspace, path), path);
    for (const dir of new Set([...entry.files.keys()].map((f) => dirname(f)))) {
      try {
        const watcher = watch(dir, (_event, name) => {
          const file = name === null ? null : resolve(dir, name.toString());
          const given = file === null ? null : entry.files.get(file);
          if (given === undefined) return;
          // A null name (some platforms) means "something in the directory": report all of it.
          for (const [abs, original] of entry.files) if (given === null ? dirname(abs) === dir : abs === file) entry.pending.add(original);
          if (entry.timer) clearTimeout(entry.timer);
          entry.timer = setTimeout(() => {
            entry.timer = null;
            const changed = [...entry.pending];
            entry.pending.clear();
            if (changed.length > 0) this.report(watchId, changed);
          }, debounceMs);
        });
        watcher.on('error', () => watcher.close());
        entry.dirs.push(watcher);
      } catch (err) {
        this.log.warn('cannot watch directory', { watch_id: watchId, dir, error: (err as NodeJS.ErrnoException).code ?? String(err), file: basename(dir) });
      }
    }
    this.watches.set(watchId, entry);
  }

  unwatch(watchId: string): void {
    const entry = this.watches.get(watchId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    for (const w of entry.dirs) w.close();
    this.watches.delete(watchId);
  }

  closeAll(): void {
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }
}
