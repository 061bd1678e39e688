import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type P4Classification } from '../../main/p4/index.ts';
import {
  classifyScriptOutput,
  classifyStage,
  decideAfterEnd,
  decideAfterLoss,
  decideNextStage,
  DEFAULT_LIMITS,
  type AfterEndStep,
  type ChangeFacts,
  type Decision,
  type DecisionContext,
} from '../../main/jobs/decisions.ts';
import { isTerminalStage, STAGES, type Stage } from '../../main/jobs/stages.ts';

interface Run {
  stdout?: string;
  stderr?: string;
  exit?: number;
}

/** Classifies `run` as the output of `stage`'s own command, then decides. */
const output = (run: Run) => ({ stdout: run.stdout ?? '', stderr: run.stderr ?? '', exitCode: run.exit ?? 0 });
const NO_CHANGE: ChangeFacts = { changelist: null, fromSpec: false, submittedChange: null };

function decide(stage: Stage, run: Run, ctx: DecisionContext = {}, facts: ChangeFacts = NO_CHANGE): Decision & { c: P4Classification } {
  const c = classifyStage(stage as Parameters<typeof classifyStage>[0], output(run), facts);
  return { ...decideNextStage(stage, c, ctx), c };
}

interface Cell {
  column: 'success' | 'nothing to do' | 'needs human / stop' | 'hard error';
  stage: Stage;
  run: Run;
  ctx?: DecisionContext;
  next: Stage;
  /** Substring the human reason must contain. */
  reason?: string;
}

// ---------------------------------------------------------------------------------------------
// The table of docs/architecture.md §5.1a: one test per row; each cell of the row is one real
// output and where it leads.

const TABLE: Record<string, Cell[]> = {
  sync: [
    { column: 'success', stage: 'SYNC', run: { stdout: '//d/a.c#3 - added as /ws/a.c\n//d/b.c#2 - updating /ws/b.c\n//d/c.c#4 - deleted as /ws/c.c\n//d/e.c#5 - refreshing /ws/e.c\n' }, next: 'INTEGRATE', reason: '4 files synced' },
    { column: 'nothing to do', stage: 'SYNC', run: { stderr: 'File(s) up-to-date.\n' }, next: 'INTEGRATE', reason: 'up to date' },
    { column: 'needs human / stop', stage: 'SYNC', run: { stdout: '//d/f.c#2 - updating /ws/f.c\n... //d/f.c - must resolve #2 before submitting\n' }, next: 'ERROR', reason: '//d/f.c' },
    { column: 'needs human / stop', stage: 'SYNC', run: { stderr: "Can't clobber writable file /ws/g.c\n", exit: 1 }, next: 'ERROR', reason: "Can't clobber writable file /ws/g.c" },
    { column: 'needs human / stop', stage: 'SYNC', run: { stdout: "//d/h.c#3 - can't overwrite existing file /ws/h.c\n" }, next: 'ERROR', reason: "can't overwrite existing file" },
    { column: 'hard error', stage: 'SYNC', run: { stderr: "//ws/... - must refer to client 'build_ws'.\n", exit: 1 }, next: 'ERROR', reason: "must refer to client 'build_ws'" },
    { column: 'hard error', stage: 'SYNC', run: { stderr: 'Perforce client error:\n\tConnect to server failed; check $P4PORT.\n\tTCP connect to p4:1666 failed.\n', exit: 1 }, ctx: { attempt: DEFAULT_LIMITS.connectionRetries + 1 }, next: 'ERROR', reason: 'Connect to server failed' },
  ],
  'integrate -b': [
    { column: 'success', stage: 'INTEGRATE', run: { stdout: '//r/a.c#2 - integrate from //m/a.c#3,#4\n//r/b.c#none - branch/sync from //m/b.c#1\n//r/c.c#1 - delete from //m/c.c#2\n//r/d.c#1 - copy from //m/d.c#5\n' }, next: 'RESOLVE_PASS_1', reason: '4 files opened' },
    { column: 'nothing to do', stage: 'INTEGRATE', run: { stderr: 'All revision(s) already integrated.\n' }, next: 'DELETE_CHANGE', reason: 'nothing to integrate: All revision(s) already integrated.' },
    // Open in another pending change is not integrated: a finding about that change, never DONE.
    { column: 'nothing to do', stage: 'INTEGRATE', run: { stderr: '//m/... - all revision(s) already integrated in pending changelist.\n' }, next: 'ERROR', reason: 'already opened for this integration in another pending change' },
    { column: 'nothing to do', stage: 'INTEGRATE', run: { stderr: 'No target file(s) in branch view.\n' }, next: 'DELETE_CHANGE', reason: 'No target file(s) in branch view.' },
    { column: 'nothing to do', stage: 'INTEGRATE', run: { stderr: '//m/nope/... - no such file(s).\n' }, next: 'DELETE_CHANGE', reason: 'no such file(s)' },
    { column: 'needs human / stop', stage: 'INTEGRATE', run: { stdout: "//r/a.c - can't integrate from //m/a.c#2 without -i flag\n" }, next: 'ERROR', reason: 'without -i flag' },
    { column: 'needs human / stop', stage: 'INTEGRATE', run: { stdout: "//r/b.c - can't delete from //m/b.c#3 without -d or -Ds flag\n" }, next: 'ERROR', reason: 'without -d or -Ds flag' },
    { column: 'needs human / stop', stage: 'INTEGRATE', run: { stdout: "//r/c.c#1 - integrate from //m/c.c#2\n//r/x.psd - can't integrate exclusive file already opened\n" }, next: 'NEEDS_RESOLVE', reason: "1 file locked by another client (//r/x.psd - can't integrate exclusive file already opened)" },
    { column: 'needs human / stop', stage: 'INTEGRATE', run: { stdout: "//r/x.psd - can't integrate exclusive file already opened\n//r/a.c - can't integrate from //m/a.c#2 without -i flag\n" }, next: 'ERROR', reason: 'p4 integrate was refused' },
    { column: 'needs human / stop', stage: 'INTEGRATE', run: { stderr: '//r/m.c - resolve move to //r/m2.c before integrating from //m/m.c\n' }, next: 'ERROR', reason: 'resolve move to' },
    { column: 'needs human / stop', stage: 'INTEGRATE', run: { stderr: 'Move/delete(s) must be integrated along with matching move/add(s).\n' }, next: 'ERROR', reason: 'Move/delete(s)' },
    { column: 'hard error', stage: 'INTEGRATE', run: { stderr: "//r/... - must refer to client 'build_ws'.\n", exit: 1 }, next: 'ERROR', reason: 'must refer to client' },
    { column: 'hard error', stage: 'INTEGRATE', run: { stderr: "Branch 'main-rel' unknown - use 'branch' command to create it.\n", exit: 1 }, next: 'ERROR', reason: "Branch 'main-rel' unknown" },
  ],
  'resolve -am (x2)': [
    { column: 'success', stage: 'RESOLVE_PASS_1', run: { stdout: '/ws/a.c - merging //m/a.c#3\nDiff chunks: 1 yours + 2 theirs + 0 both + 0 conflicting\n//ws/a.c - merge from //m/a.c\n/ws/b.c - merging //m/b.c#2\nDiff chunks: 0 yours + 1 theirs + 0 both + 0 conflicting\n//ws/b.c - copy from //m/b.c\n' }, next: 'RESOLVE_CHECK', reason: '2 files resolved' },
    { column: 'success', stage: 'RESOLVE_PASS_2', run: { stdout: '/ws/a.c - merging //m/a.c#3\nDiff chunks: 1 yours + 2 theirs + 0 both + 0 conflicting\n//ws/a.c - merge from //m/a.c\n' }, next: 'RESOLVE_CHECK', reason: 'resolved automatically' },
    { column: 'nothing to do', stage: 'RESOLVE_PASS_1', run: { stderr: 'No file(s) to resolve.\n' }, next: 'RESOLVE_CHECK', reason: 'no files needed resolving' },
    { column: 'nothing to do', stage: 'RESOLVE_PASS_2', run: { stderr: 'No file(s) to resolve.\n' }, next: 'RESOLVE_CHECK' },
    { column: 'needs human / stop', stage: 'RESOLVE_PASS_1', run: { stdout: '/ws/a.c - merging //m/a.c#3\nDiff chunks: 0 yours + 0 theirs + 0 both + 1 conflicting\n//ws/a.c - resolve skipped.\n' }, next: 'RESOLVE_PASS_2', reason: '1 conflict after the first automatic resolve' },
    { column: 'needs human / stop', stage: 'RESOLVE_PASS_2', run: { stdout: '/ws/a.c - merging //m/a.c#3\nDiff chunks: 0 yours + 0 theirs + 0 both + 1 conflicting\n//ws/a.c - resolve skipped.\n' }, next: 'RESOLVE_CHECK', reason: '1 conflict left' },
    { column: 'needs human / stop', stage: 'RESOLVE_PASS_1', run: { stdout: '/ws/i.png - vs //m/i.png#2\nNon-text diff: 0 yours + 1 theirs + 0 both + 0 conflicting\n//ws/i.png - resolve skipped.\n' }, next: 'RESOLVE_PASS_2', reason: '1 conflict (1 binary)' },
    { column: 'needs human / stop', stage: 'RESOLVE_PASS_2', run: { stdout: 'Branch resolve\n/ws/n.c - resolving branch from //m/n.c#1\n//ws/n.c - resolve skipped.\nDelete resolve\n/ws/o.c - resolving delete from //m/o.c#4\n//ws/o.c - resolve skipped.\n' }, next: 'RESOLVE_CHECK', reason: '2 conflicts (2 non-content) left' },
    { column: 'hard error', stage: 'RESOLVE_PASS_1', run: { stderr: '//ws/a.c tampered with before resolve - edit or revert.\n', exit: 1 }, next: 'ERROR', reason: 'tampered with before resolve' },
    { column: 'hard error', stage: 'RESOLVE_PASS_2', run: { stderr: 'Perforce client error:\n\tTCP connect to p4:1666 failed.\n', exit: 1 }, ctx: { attempt: 99 }, next: 'ERROR', reason: 'TCP connect' },
  ],
  'resolve -n': [
    { column: 'nothing to do', stage: 'RESOLVE_CHECK', run: { stderr: 'No file(s) to resolve.\n' }, next: 'SHELVE', reason: 'no files left to resolve' },
    { column: 'nothing to do', stage: 'RESOLVE_CHECK', run: { stderr: 'No file(s) to resolve.\n' }, ctx: { hasPreSubmitHook: true }, next: 'PRE_SUBMIT' },
    { column: 'needs human / stop', stage: 'RESOLVE_CHECK', run: { stdout: 'd:\\src\\p4\\Jamrules - merging //depot/main/p4/Jamrules#115,#116\n/ws/i.png - vs //m/i.png#2\n' }, next: 'NEEDS_RESOLVE', reason: '2 files (1 binary) need a manual resolve' },
    { column: 'needs human / stop', stage: 'RESOLVE_CHECK', run: { stdout: '... clientFile /ws/n.c\n... fromFile //m/n.c\n... startFromRev none\n... endFromRev 1\n... resolveType branch\n... resolveFlag t\nBranch resolve:\nat: branch\nay: ignore\n' }, next: 'NEEDS_RESOLVE', reason: '1 file (1 non-content)' },
    { column: 'hard error', stage: 'RESOLVE_CHECK', run: { stderr: "//ws/... - must refer to client 'build_ws'.\n", exit: 1 }, next: 'ERROR', reason: 'must refer to client' },
  ],
  'shelve -f -c CL': [
    { column: 'success', stage: 'SHELVE', run: { stdout: 'Shelving files for change 37504.\nadd //hvn/a.temp#1\nChange 37504 files shelved.\n' }, next: 'P4PUSH', reason: '1 file shelved in change 37504' },
    { column: 'needs human / stop', stage: 'SHELVE', run: { stderr: 'No files to shelve.\n', exit: 1 }, next: 'ERROR', reason: 'nothing to shelve' },
    { column: 'hard error', stage: 'SHELVE', run: { stderr: "Shelve validation failed -- fix problems then try again.\n'name_check' validation failed: Bad Name.c has a space\n", exit: 1 }, ctx: { hasNameCheckFix: true }, next: 'NC_FIX', reason: "trigger 'name_check': Bad Name.c has a space" },
    { column: 'hard error', stage: 'SHELVE', run: { stderr: "Shelve validation failed -- fix problems then try again.\n'name_check' validation failed: Bad Name.c has a space\n", exit: 1 }, next: 'ERROR', reason: 'no name-check fix script' },
    { column: 'hard error', stage: 'SHELVE', run: { stderr: "Shelve aborted -- fix problems then use 'p4 shelve -c 37504'.\n", exit: 1 }, next: 'ERROR', reason: 'Shelve aborted' },
  ],
  'submit -c CL': [
    { column: 'success', stage: 'P4PUSH', run: { stdout: 'Submitting change 41.\nLocking 1 files ...\nedit //d/a.c#4\nChange 41 submitted.\n' }, next: 'VERIFY', reason: 'change 41 submitted (1 file)' },
    { column: 'success', stage: 'P4PUSH', run: { stdout: 'Submitting change 41.\nLocking 1 files ...\nedit //d/a.c#4\nChange 41 renamed change 57 and submitted.\n' }, next: 'VERIFY', reason: 'change 57 submitted' },
    { column: 'nothing to do', stage: 'P4PUSH', run: { stderr: 'No files to submit.\n', exit: 1 }, next: 'ERROR', reason: 'No files to submit.' },
    { column: 'needs human / stop', stage: 'P4PUSH', run: { stdout: '//TestClient/B/fileA - must resolve //depot/A/fileA#3\n', stderr: "Merges still pending -- use 'resolve' to merge files.\nSubmit failed -- fix problems above then use 'p4 submit -c 41'.\n", exit: 1 }, next: 'RESOLVE_PASS_1', reason: 'resolving again' },
    { column: 'needs human / stop', stage: 'P4PUSH', run: { stdout: '//d/a.c - must resolve #4\n', stderr: "Out of date files must be resolved or reverted.\nSubmit failed -- fix problems above then use 'p4 submit -c 41'.\n", exit: 1 }, next: 'SYNC', reason: 'syncing and resolving again' },
    { column: 'needs human / stop', stage: 'P4PUSH', run: { stdout: '//d/a.c - already locked by bob@bob_ws\n', stderr: "File(s) couldn't be locked.\nSubmit failed -- fix problems above then use 'p4 submit -c 41'.\n", exit: 1 }, next: 'P4PUSH', reason: 'retry 1 of 5' },
    { column: 'needs human / stop', stage: 'P4PUSH', run: { stderr: "Submit validation failed -- fix problems then use 'p4 submit -c 41'.\n'name_check' validation failed: bad names\n", exit: 1 }, ctx: { hasNameCheckFix: true }, next: 'NC_FIX', reason: "rejected by trigger 'name_check': bad names" },
    { column: 'hard error', stage: 'P4PUSH', run: { stderr: "Submit validation failed -- fix problems then use 'p4 submit -c 41'.\n'license_check' validation failed: no\n", exit: 1 }, next: 'ERROR', reason: "trigger 'license_check'" },
    { column: 'hard error', stage: 'P4PUSH', run: { stderr: '//ws/a.c tampered with after resolve - edit or revert.\n', exit: 1 }, next: 'ERROR', reason: 'tampered with after resolve' },
  ],
};

for (const [row, cells] of Object.entries(TABLE)) {
  test(`output table row: ${row}`, async (t) => {
    for (const cell of cells) {
      await t.test(`${cell.column}: ${cell.stage} → ${cell.next}`, () => {
        const d = decide(cell.stage, cell.run, cell.ctx);
        assert.equal(d.next, cell.next, `reason: ${d.reason}`);
        if (cell.reason) assert.ok(d.reason.includes(cell.reason), `reason "${d.reason}" lacks "${cell.reason}"`);
      });
    }
  });
}

test('every row of the output table has a test and every column a cell', () => {
  assert.deepEqual(Object.keys(TABLE), ['sync', 'integrate -b', 'resolve -am (x2)', 'resolve -n', 'shelve -f -c CL', 'submit -c CL']);
  for (const [row, cells] of Object.entries(TABLE)) {
    const columns = new Set(cells.map((c) => c.column));
    // resolve -n has no success column, shelve no nothing-to-do column (both '—' in the table).
    const expected = row === 'resolve -n' ? 3 : row === 'shelve -f -c CL' ? 3 : 4;
    assert.equal(columns.size, expected, row);
  }
});

// ---------------------------------------------------------------------------------------------
// Transitions outside the table.

const ok: P4Classification = { outcome: 'ok', files: [], conflicts: [], messages: [] };
const failed = (messages: string[]): P4Classification => ({ outcome: 'error', files: [], conflicts: [], messages });

test('every non-terminal stage has a decision; terminal stages stay put', () => {
  for (const stage of STAGES) {
    const d = decideNextStage(stage, failed(['boom']));
    if (isTerminalStage(stage)) assert.equal(d.next, stage);
    else if (['INSPECT', 'REVERT', 'DELETE_SHELF'].includes(stage)) assert.match(d.reason, /only after the job ended/);
    else if (stage === 'NEEDS_RESOLVE') assert.equal(d.next, 'NEEDS_RESOLVE', 'a failed watcher check waits');
    else assert.equal(d.next, 'ERROR', `${stage}: ${d.reason}`);
    assert.ok(d.reason.length > 0);
  }
});

test('INIT: a created changelist, or nothing to create, leads to SYNC', () => {
  const created = decide('INIT', { stdout: 'Change 812 created.\n' });
  assert.deepEqual([created.next, created.reason], ['SYNC', 'pending change 812 is ready']);
  assert.equal(decideNextStage('INIT', ok).next, 'SYNC');
  assert.match(decide('INIT', { stderr: 'Error in change specification.\n', exit: 1 }).reason, /creating the pending changelist failed/);
});

test('NEEDS_RESOLVE: the watcher waits, continues when clean, gives up after repeated failures', () => {
  const still = decide('NEEDS_RESOLVE', { stdout: '/ws/a.c - merging //m/a.c#3\n' });
  assert.deepEqual([still.next, still.reason], ['NEEDS_RESOLVE', '1 file still needs resolving']);
  assert.equal(decide('NEEDS_RESOLVE', { stderr: 'No file(s) to resolve.\n' }).next, 'RESOLVE_CHECK');
  const flaky = { stderr: 'Perforce client error:\n\tTCP connect to p4:1666 failed.\n', exit: 1 };
  assert.equal(decide('NEEDS_RESOLVE', flaky, { attempt: 2 }).retryAfterMs, 10_000);
  assert.equal(decide('NEEDS_RESOLVE', flaky, { attempt: 99 }).next, 'ERROR');
  assert.equal(decide('NEEDS_RESOLVE', { stderr: 'boom\n', exit: 1 }, { attempt: 2 }).next, 'NEEDS_RESOLVE');
  assert.equal(decide('NEEDS_RESOLVE', { stderr: 'boom\n', exit: 1 }, { attempt: DEFAULT_LIMITS.watchFailures }).next, 'ERROR');
});

test('RESOLVE_CHECK bounds the round trips through NEEDS_RESOLVE', () => {
  const pending = { stdout: '/ws/a.c - merging //m/a.c#3\n' };
  assert.equal(decide('RESOLVE_CHECK', pending, { resolveChecks: DEFAULT_LIMITS.resolveChecks }).next, 'NEEDS_RESOLVE');
  assert.equal(decide('RESOLVE_CHECK', pending, { resolveChecks: DEFAULT_LIMITS.resolveChecks + 1 }).next, 'ERROR');
});

test('PRE_SUBMIT and NC_FIX are judged by the script exit status and its last lines', () => {
  assert.equal(decide('PRE_SUBMIT', { stdout: 'all good\n' }).next, 'SHELVE');
  const hook = decide('PRE_SUBMIT', { stdout: 'building\n', stderr: 'step 1\nunit tests failed: 3\n', exit: 2 });
  assert.equal(hook.next, 'ERROR');
  assert.match(hook.reason, /pre-submit hook failed: step 1/);
  assert.deepEqual(hook.c.messages, ['step 1', 'unit tests failed: 3']);
  assert.equal(decide('NC_FIX', { stdout: 'renamed 2 files\n' }).next, 'SHELVE');
  assert.equal(decide('NC_FIX', { exit: 1 }).next, 'ERROR');
  assert.deepEqual(classifyScriptOutput({ stdout: '', stderr: '', exitCode: null }).messages, ['the script was killed']);
});

test('a trigger that keeps rejecting ends in ERROR after the bounded NC_FIX rounds (pitfall 9)', () => {
  const rejected = { stderr: "Shelve validation failed -- fix problems then try again.\n'name_check' validation failed: Bad Name.c\n", exit: 1 };
  let stage: Stage = 'SHELVE';
  let ncFixRounds = 0;
  const visited: Stage[] = [];
  for (let step = 0; step < 50 && !isTerminalStage(stage); step++) {
    visited.push(stage);
    const d: Decision = stage === 'SHELVE' ? decide(stage, rejected, { hasNameCheckFix: true, ncFixRounds }) : decide(stage, {}, {});
    if (stage === 'NC_FIX') ncFixRounds++;
    stage = d.next;
    if (isTerminalStage(stage)) assert.match(d.reason, /still rejected by trigger 'name_check' after 3 name-check fixes: Bad Name.c/);
  }
  assert.equal(stage, 'ERROR');
  assert.equal(visited.filter((s) => s === 'NC_FIX').length, DEFAULT_LIMITS.ncFixRounds);
});

test('retries: connection failures back off exponentially, locks linearly, both bounded', () => {
  const down = { stderr: 'Perforce client error:\n\tConnect to server failed; check $P4PORT.\n', exit: 1 };
  const delays = [1, 2, 3].map((attempt) => decide('SHELVE', down, { attempt }));
  assert.deepEqual(delays.map((d) => d.next), ['SHELVE', 'SHELVE', 'SHELVE']);
  assert.deepEqual(delays.map((d) => d.retryAfterMs), [5_000, 10_000, 20_000]);
  assert.equal(decide('SHELVE', down, { attempt: 4 }).next, 'ERROR');

  const locked = { stderr: "File(s) couldn't be locked.\n", exit: 1 };
  assert.equal(decide('P4PUSH', locked, { attempt: 2 }).retryAfterMs, 60_000);
  const gaveUp = decide('P4PUSH', locked, { attempt: 6 });
  assert.equal(gaveUp.next, 'ERROR');
  assert.match(gaveUp.reason, /still locked by another client after 6 attempts/);
  assert.equal(decide('P4PUSH', locked, { attempt: 1, limits: { lockRetries: 0 } }).next, 'ERROR');
});

test('timeouts rerun only stages that are safe to repeat', () => {
  for (const stage of ['SYNC', 'RESOLVE_PASS_1', 'RESOLVE_PASS_2', 'RESOLVE_CHECK'] as const) {
    const d = decideNextStage(stage, failed([]), { timedOut: true, attempt: 1 });
    assert.deepEqual([d.next, d.retryAfterMs], [stage, 60_000]);
    assert.equal(decideNextStage(stage, failed([]), { timedOut: true, attempt: 3 }).next, 'ERROR');
  }
  for (const stage of ['INTEGRATE', 'SHELVE', 'P4PUSH', 'PRE_SUBMIT', 'NC_FIX'] as const) {
    const d = decideNextStage(stage, failed([]), { timedOut: true, attempt: 1 });
    assert.equal(d.next, 'ERROR');
    assert.match(d.reason, /not safe to rerun blindly/);
  }
});

test('P4PUSH sends the job back at most `resubmits` times; SYNC then resolves instead of integrating', () => {
  const outOfDate = { stdout: '//d/a.c - must resolve #4\n', stderr: 'Out of date files must be resolved or reverted.\n', exit: 1 };
  assert.equal(decide('P4PUSH', outOfDate, { resubmits: 0 }).next, 'SYNC');
  assert.match(decide('P4PUSH', outOfDate, { resubmits: 1 }).reason, /still needs resolving after 1 retry/);
  const resynced = decide('SYNC', { stdout: '//d/a.c#4 - updating /ws/a.c\n... //d/a.c - must resolve #4 before submitting\n' }, { resubmits: 1 });
  assert.equal(resynced.next, 'RESOLVE_PASS_1');
  const shelved = decide('P4PUSH', { stderr: 'Change 41 has shelved files --  cannot submit.\n', exit: 1 });
  assert.equal(shelved.next, 'ERROR');
  assert.match(shelved.reason, /p4 shelve -d/);
});

test('a clean job walks LOGIN → DONE through every stage, deciding from each stage alone', () => {
  const outputs: Partial<Record<Stage, Run>> = {
    LOGIN: { stdout: 'User name: bob\nServer address: p4:1666\nUser bob ticket expires in 4 hours 8 minutes.\n' },
    INIT: { stdout: 'Change 900 created.\n' },
    SYNC: { stdout: '//d/a.c#2 - updating /ws/a.c\n' },
    INTEGRATE: { stdout: '//r/a.c#1 - integrate from //m/a.c#2\n' },
    RESOLVE_PASS_1: { stdout: '/ws/a.c - merging //m/a.c#2\nDiff chunks: 0 yours + 0 theirs + 0 both + 1 conflicting\n//ws/a.c - resolve skipped.\n' },
    RESOLVE_PASS_2: { stdout: '/ws/a.c - merging //m/a.c#2\nDiff chunks: 0 yours + 0 theirs + 0 both + 1 conflicting\n//ws/a.c - resolve skipped.\n' },
    RESOLVE_CHECK: { stderr: 'No file(s) to resolve.\n' },
    PRE_SUBMIT: { stdout: 'ok\n' },
    SHELVE: { stdout: 'Shelving files for change 900.\nintegrate //r/a.c#1\nChange 900 files shelved.\n' },
    P4PUSH: { stdout: 'Submitting change 900.\nintegrate //r/a.c#2\nChange 900 submitted.\n' },
    VERIFY: { stdout: 'Change 900 by bob@ws on 2024/01/01 12:00:00\n\n\tintegrate\n\nAffected files ...\n\n... //r/a.c#2 integrate\n' },
  };
  let stage: Stage = 'LOGIN';
  const path: Stage[] = [stage];
  while (!isTerminalStage(stage) && path.length < 20) {
    stage = decide(stage, outputs[stage] ?? {}, { hasPreSubmitHook: true }, { changelist: 900, fromSpec: false, submittedChange: 900 }).next;
    path.push(stage);
  }
  assert.deepEqual(path, ['LOGIN', 'INIT', 'SYNC', 'INTEGRATE', 'RESOLVE_PASS_1', 'RESOLVE_PASS_2', 'RESOLVE_CHECK', 'PRE_SUBMIT', 'SHELVE', 'P4PUSH', 'VERIFY', 'DONE']);
});

// ---------------------------------------------------------------------------------------------
// The job's change: login first, DONE only with a proof, what is left after an end.

test('LOGIN: a valid ticket goes on; an expired or missing one fails at once, naming user, server and host', () => {
  const info = 'User name: bob\nClient host: build-7\nServer address: ssl:p4:1666\n';
  const rows: { run: Run; next: Stage; reason: RegExp; retry?: boolean }[] = [
    { run: { stdout: `${info}User bob ticket expires in 4 hours 8 minutes.\n` }, next: 'INIT', reason: /logged in to Perforce/ },
    { run: { stdout: `${info}'login' not necessary, no password set for user bob.\n` }, next: 'INIT', reason: /no password set/ },
    { run: { stdout: info, stderr: 'Your session has expired, please login again.\n', exit: 1 }, next: 'ERROR', reason: /^Perforce ticket for bob on ssl:p4:1666 has expired — run `p4 login` on build-7$/ },
    { run: { stdout: info, stderr: 'Perforce password (P4PASSWD) invalid or unset.\n', exit: 1 }, next: 'ERROR', reason: /^Perforce ticket for bob on ssl:p4:1666 has expired/ },
    { run: { stderr: 'Perforce client error:\n\tConnect to server failed; check $P4PORT.\n\tTCP connect to p4:1666 failed.\n', exit: 1 }, next: 'LOGIN', reason: /could not reach the Perforce server/, retry: true },
  ];
  for (const row of rows) {
    const d = decide('LOGIN', row.run, { attempt: 1 });
    assert.equal(d.next, row.next, d.reason);
    assert.match(d.reason, row.reason);
    assert.equal(d.retryAfterMs !== undefined, row.retry === true, 'an auth failure is never retried');
  }
});

test('VERIFY: DONE (submitted) only when p4 describe shows the submitted number submitted', () => {
  const facts = { changelist: 5, fromSpec: false, submittedChange: 7 };
  const rows: { run: Run; next: Stage; reason: RegExp }[] = [
    { run: { stdout: 'Change 7 by bob@ws on 2024/01/01 12:00:00\n\n\tx\n\nAffected files ...\n' }, next: 'DONE', reason: /change 7 submitted/ },
    { run: { stdout: 'Change 7 by bob@ws on 2024/01/01 12:00:00 *pending*\n\n\tx\n' }, next: 'ERROR', reason: /change 7 is still pending/ },
    { run: { stderr: 'Change 7 unknown.\n', exit: 1 }, next: 'ERROR', reason: /could not be proven: Change 7 unknown/ },
  ];
  for (const row of rows) {
    const d = decide('VERIFY', row.run, {}, facts);
    assert.equal(d.next, row.next, d.reason);
    assert.match(d.reason, row.reason);
    assert.equal(d.outcome, row.next === 'DONE' ? 'submitted' : undefined);
  }
});

test('DELETE_CHANGE after nothing to integrate: DONE (nothing_to_integrate) only once the change is gone', () => {
  const facts = { changelist: 5, fromSpec: false, submittedChange: null };
  const deleted = decide('DELETE_CHANGE', { stdout: 'Change 5 deleted.\n' }, { changelist: 5 }, facts);
  assert.deepEqual([deleted.next, deleted.outcome], ['DONE', 'nothing_to_integrate']);
  const held = decide('DELETE_CHANGE', { stdout: "Change 5 has 2 open file(s) associated with it and can't be deleted.\n" }, { changelist: 5 }, facts);
  assert.equal(held.next, 'ERROR');
  assert.match(held.reason, /change 5 holds files/);
  assert.equal(decide('DELETE_CHANGE', { stderr: 'Change 5 unknown.\n', exit: 1 }, { changelist: 5 }, facts).next, 'DONE', 'gone after a lost delete');
});

test('after a lost command: the probe decides (moved out of the engine)', () => {
  const rows: { stage: Stage; run: Run; next: Stage | null; reason?: RegExp }[] = [
    { stage: 'INTEGRATE', run: { stdout: '//r/a.c#1 - integrate change 5 (text)\n//r/b.c#1 - branch change 5 (text)\n' }, next: 'RESOLVE_PASS_1', reason: /already opened 2 files in change 5/ },
    { stage: 'INTEGRATE', run: { stderr: 'File(s) not opened on this client.\n' }, next: 'INTEGRATE' },
    { stage: 'SHELVE', run: { stdout: 'Change 5 by bob@ws on 2024/01/01 *pending*\n\n\tx\n\nShelved files ...\n\n... //r/a.c#1 integrate\n' }, next: 'P4PUSH' },
    { stage: 'SHELVE', run: { stdout: 'Change 5 by bob@ws on 2024/01/01 *pending*\n\n\tx\n\nShelved files ...\n\n' }, next: 'SHELVE' },
    { stage: 'P4PUSH', run: { stdout: 'Change 5 by bob@ws on 2024/01/01 12:00:00\n\n\tx\n' }, next: 'DONE', reason: /shows change 5 submitted/ },
    { stage: 'P4PUSH', run: { stdout: 'Change 5 by bob@ws on 2024/01/01 12:00:00 *pending*\n\n\tx\n' }, next: 'P4PUSH' },
    { stage: 'P4PUSH', run: { stdout: '', stderr: 'Change 5 unknown.\n', exit: 1 }, next: null },
    { stage: 'P4PUSH', run: { stdout: 'Change 5 unknown.\n', exit: 1 }, next: 'ERROR', reason: /may have been renamed/ },
    { stage: 'SYNC', run: { stdout: 'anything\n' }, next: null },
  ];
  for (const row of rows) {
    const d = decideAfterLoss(row.stage, output(row.run), 5);
    assert.equal(d?.next ?? null, row.next, `${row.stage}: ${d?.reason}`);
    if (row.reason) assert.match(d!.reason, row.reason);
  }
  assert.equal(decideAfterLoss('P4PUSH', output({ stdout: 'Change 5 by bob@ws on 2024/01/01\n' }), 5)?.outcome, 'submitted');
});

test('after the end: inspection says what is left; the clean-up reverts, deletes the shelf it made, then the change', () => {
  const ctx = { changelist: 5, where: 'on agent a1 in /ws', shelved: true };
  const facts = { changelist: 5, fromSpec: false, submittedChange: null };
  const step = (s: AfterEndStep, run: Run, shelved = true) => decideAfterEnd(s, classifyStage(s, output(run), facts), { ...ctx, shelved });
  const rows: { step: AfterEndStep; run: Run; shelved?: boolean; next: AfterEndStep | null; left: string | null; failed?: boolean }[] = [
    { step: 'INSPECT', run: { stdout: '//r/a.c#1 - integrate change 5 (text)\n//r/b.c#1 - integrate change 5 (text)\n' }, next: null, left: 'change 5 holds 2 opened files on agent a1 in /ws' },
    { step: 'INSPECT', run: { stderr: 'File(s) not opened on this client.\n' }, next: null, left: 'change 5 holds 0 opened files on agent a1 in /ws' },
    { step: 'REVERT', run: { stdout: '//r/a.c#1 - was integrate, reverted\n' }, next: 'DELETE_SHELF', left: 'change 5 is pending on agent a1 in /ws' },
    { step: 'REVERT', run: { stderr: '//... - file(s) not opened in that changelist.\n' }, shelved: false, next: 'DELETE_CHANGE', left: 'change 5 is pending on agent a1 in /ws' },
    { step: 'REVERT', run: { stderr: 'Change 5 is already committed.\n', exit: 1 }, next: null, left: 'change 5 is no longer pending: it was submitted or deleted (see p4 changes)' },
    { step: 'REVERT', run: { stderr: 'Your session has expired, please login again.\n', exit: 1 }, next: null, failed: true, left: 'change 5 may still hold opened files on agent a1 in /ws (p4 revert failed: Your session has expired, please login again.)' },
    { step: 'DELETE_SHELF', run: { stdout: 'Shelved change 5 deleted.\n' }, next: 'DELETE_CHANGE', left: 'change 5 is pending on agent a1 in /ws' },
    { step: 'DELETE_SHELF', run: { stderr: 'No shelved files in changelist to delete.\n', exit: 1 }, next: 'DELETE_CHANGE', left: 'change 5 is pending on agent a1 in /ws' },
    { step: 'DELETE_CHANGE', run: { stdout: 'Change 5 deleted.\n' }, next: null, left: null },
    { step: 'DELETE_CHANGE', run: { stderr: 'Change 5 unknown.\n', exit: 1 }, next: null, left: null },
    { step: 'DELETE_CHANGE', run: { stderr: "Change 5 has shelved files associated with it and can't be deleted.\n", exit: 1 }, next: null, failed: true, left: "change 5 may still hold opened files on agent a1 in /ws (p4 change -d failed: Change 5 has shelved files associated with it and can't be deleted.)" },
  ];
  for (const row of rows) {
    const d = step(row.step, row.run, row.shelved);
    assert.deepEqual([d.next, d.leftInPerforce, d.failed ?? false], [row.next, row.left, row.failed ?? false], `${row.step}: ${d.reason}`);
  }
});
