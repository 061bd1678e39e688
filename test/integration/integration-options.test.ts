// A job's integration options as the argv the product builds, run against the simulated
// server: the preview names the source changes and their authors and the files that would open,
// then the real integration opens exactly those, and the resolve policy does what it says.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { JobSpec } from '../../preload/api.ts';
import { validate } from '../../main/api/schemas.ts';
import { integrateArgv, previewArgvs, resolveArgvs } from '../../main/jobs/integrate-command.ts';
import { newJobSchema } from '../../main/jobs/job-spec.ts';
import { classifyP4Output, parseChanges, parseIntegratePreview } from '../../main/p4/index.ts';
import { createScenario, createSimDepot, depotContent, readSimState, runP4, type SimDepot } from '../fixtures/p4sim/index.ts';

function root(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'p4i-options-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const spec = (sim: SimDepot, fields: Record<string, unknown>): JobSpec =>
  validate(newJobSchema, { spec: { workspace: sim.workspace, ...fields } }, 'body').spec as JobSpec;

/** Runs a built argv ("p4", …) with the simulated p4. */
const run = (sim: SimDepot, argv: string[]) => {
  assert.equal(argv[0], 'p4');
  return runP4(sim, argv.slice(1));
};

async function newChange(sim: SimDepot): Promise<number> {
  const created = await runP4(sim, ['change', '-i'], { input: 'Change: new\nDescription:\n\tjob change\n' });
  return Number(/^Change (\d+) created/.exec(created.stdout)![1]);
}

test('stream merge job: the preview names the author and the files, the integration opens exactly those', async (t) => {
  const sim = createSimDepot({
    root: root(t),
    streams: { '//stream/main': null, '//stream/dev': '//stream/main' },
    clientView: [['//stream/...', '//sim-ws/...']],
    changes: [
      { description: 'import', files: { '//stream/main/a.txt': 'a1\na2\n', '//stream/main/b.txt': 'b1\n' } },
      { description: 'populate dev', integrate: '//stream/dev' },
      { description: 'main: fix a2', user: 'ann', files: { '//stream/main/a.txt': 'a1\na2 fixed\n' } },
      { description: 'main: more b\n\nwith details', user: 'joe', files: { '//stream/main/b.txt': 'b1\nb2\n' } },
    ],
    synced: true,
  });
  const s = spec(sim, { source: { stream: '//stream/dev', mode: 'merge' }, revisions: '@3' });
  const preview = previewArgvs(s);
  const changes = parseChanges((await run(sim, preview.interchanges)).stdout);
  assert.deepEqual(changes.map((c) => [c.change, c.user, c.description]), [[3, 'ann', 'main: fix a2']], 'only the changes in the range');
  const would = parseIntegratePreview((await run(sim, preview.integrate)).stdout).files;
  assert.deepEqual(would.map((f) => [f.depotFile, f.fromFile, f.endFromRev]), [['//stream/dev/a.txt', '//stream/main/a.txt', 2]]);
  assert.deepEqual(readSimState(sim).opened['sim-ws'] ?? {}, {}, 'the preview opens nothing');

  const change = await newChange(sim);
  const integrated = classifyP4Output('integrate', { ...(await run(sim, integrateArgv(s, change))), exitCode: 0 });
  assert.equal(integrated.outcome, 'ok');
  assert.deepEqual(Object.keys(readSimState(sim).opened['sim-ws'] ?? {}), would.map((f) => f.depotFile));
  for (const argv of resolveArgvs(s, change)) assert.equal(classifyP4Output('resolve', { ...(await run(sim, argv)), exitCode: 0 }).outcome, 'ok');
  assert.equal(readFileSync(join(sim.workspace, 'dev', 'a.txt'), 'utf8'), 'a1\na2 fixed\n');
});

test('accept-theirs paths take the source before -am; the rest still merges', async (t) => {
  const sim = createScenario('conflict', { root: root(t) });
  await runP4(sim, ['sync']);
  const s = spec(sim, { branch_spec: sim.branch, resolve: { accept_theirs: ['//depot/release/a.txt'] } });
  const change = await newChange(sim);
  await run(sim, integrateArgv(s, change));
  const outputs = [];
  for (const argv of resolveArgvs(s, change)) outputs.push(classifyP4Output('resolve', { ...(await run(sim, argv)), exitCode: 0 }));
  assert.deepEqual(outputs.map((o) => [o.outcome, o.files.map((f) => f.action)]), [['ok', ['copy from']], ['ok', ['merge from']]]);
  assert.equal(readFileSync(join(sim.workspace, 'release', 'a.txt'), 'utf8'), depotContent(sim, '//depot/main/a.txt')!.toString(), 'a.txt is the source version');
  assert.equal((await runP4(sim, ['resolve', '-n'])).stderr, 'No file(s) to resolve.\n');
});

test('from/to paths with flags: -n preview then the integration', async (t) => {
  const sim = createScenario('clean', { root: root(t) });
  await runP4(sim, ['sync']);
  const s = spec(sim, { source: { from: '//depot/main/...', to: '//depot/release/...' }, integrate_flags: ['-Ob'] });
  const would = parseIntegratePreview((await run(sim, previewArgvs(s).integrate)).stdout).files;
  assert.deepEqual(would.map((f) => f.depotFile), ['//depot/release/a.txt', '//depot/release/c.txt']);
  const change = await newChange(sim);
  const out = await run(sim, integrateArgv(s, change));
  assert.match(out.stdout, /^\/\/depot\/release\/a.txt#2 - integrate from \/\/depot\/main\/a.txt#2 using base \/\/depot\/main\/a.txt#1$/m);
  assert.deepEqual(Object.keys(readSimState(sim).opened['sim-ws'] ?? {}).sort(), would.map((f) => f.depotFile));
});
