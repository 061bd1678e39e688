// `npm run fuzz`: the property-based fuzzer over agent frames, REST bodies, job specs,
// pipeline.yaml and the config file, 100,000 cases per target, against a real master for REST.
//
//   npm run fuzz                      every target, 100,000 cases each
//   npm run fuzz -- --runs N          cases per target
//   npm run fuzz -- --seed S          replay a reported failure
//   npm run fuzz -- --target NAME     one target (repeatable)
//
// Exit code 1 when any target found a crash (an unexpected exception) or a 5xx answer; the
// shrunk counterexample and its seed are printed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMaster, tempDir, type Cleanup } from '../test/helpers/processes.ts';
import { runTarget, TARGETS } from '../test/fuzz/fuzz-targets.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' }, target: { type: 'string', multiple: true } } });
const runs = Number(values.runs ?? 100_000);
const seed = Number(values.seed ?? Date.now() % 2 ** 31);
const chosen = TARGETS.filter((t) => !values.target || values.target.includes(t.name));
if (chosen.length === 0) {
  process.stderr.write(`no such target; choose from: ${TARGETS.map((t) => JSON.stringify(t.name)).join(', ')}\n`);
  process.exit(2);
}

const cleanups: (() => unknown)[] = [];
const suite: Cleanup = { after: (fn) => cleanups.push(fn) };
let failures = 0;
try {
  const dir = tempDir(suite, 'p4i-fuzz-');
  const master = await startMaster(suite, { dataDir: join(dir, 'data') });
  // The file targets write one file per case: in memory where the host offers it.
  const files = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/p4i-fuzz-') : join(dir, 'files');
  suite.after(() => rmSync(files, { recursive: true, force: true }));
  for (const target of chosen) {
    try {
      process.stdout.write(`${await runTarget(target, { dir: files, api: { url: master.url, token: master.token } }, runs, seed)}\n`);
    } catch (err) {
      failures++;
      process.stdout.write(`${target.name}: FAILED\n${(err as Error).message}\n`);
    }
  }
  if (master.child.exitCode !== null) {
    failures++;
    process.stdout.write(`the master exited during the run:\n${master.output().slice(-4000)}\n`);
  }
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
process.exit(failures === 0 ? 0 : 1);
