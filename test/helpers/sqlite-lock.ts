// Another process holding the write lock of a SQLite file (BEGIN IMMEDIATE), as a backup tool
// or a second program opening the master's database would.
import { spawn } from 'node:child_process';
import { ROOT, waitFor, type Cleanup } from './processes.ts';

/** Resolves once the lock is held; the returned function releases it (and ends the process). */
export async function holdWriteLock(t: Cleanup, file: string): Promise<() => Promise<void>> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script, file], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('locked'), 10_000, 'the other process holds the write lock');
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return async () => {
    child.stdin.write('release\n');
    await exited;
  };
}
