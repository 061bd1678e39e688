// The resolve watcher's checks are one line on the timeline, the checks folded under it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StageRunDto } from '../../preload/api.ts';
import { foldChecks } from '../../main/jobs/resolve-watcher.ts';

const run = (stage: StageRunDto['stage'], purpose: StageRunDto['purpose'], minute: number, summary: string | null = null, ended = true): StageRunDto => ({
  stage, attempt: 1, purpose, cmd_id: `c${minute}`, command: 'p4 resolve -n -c 5', exit_code: 0,
  started_at: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`, ended_at: ended ? `2026-01-01T10:${String(minute).padStart(2, '0')}:02.000Z` : null,
  summary, decision: null, next_stage: null,
});

test('each stretch of checks becomes one line saying how often, when last, and what is left', () => {
  const checks = Array.from({ length: 12 }, (_, i) => run('NEEDS_RESOLVE', 'check', 20 + i, '2 files still need resolving'));
  const runs = [run('RESOLVE_CHECK', 'stage', 19, '2 files still need resolving'), ...checks, run('RESOLVE_CHECK', 'stage', 40, 'no files left to resolve')];
  const folded = foldChecks(runs);
  assert.deepEqual(folded.map((r) => r.purpose), ['stage', 'check', 'stage']);
  assert.equal(folded[1]!.summary, 'checked 12 times, last at 10:31 UTC: 2 files still need resolving');
  assert.equal(folded[1]!.started_at, checks[0]!.started_at);
  assert.equal(folded[1]!.cmd_id, 'c31');
  assert.deepEqual(folded[1]!.folded!.map((r) => r.cmd_id), checks.map((c) => c.cmd_id));
});

test('a check still running: the line counts it and says when the last one ended', () => {
  const folded = foldChecks([run('NEEDS_RESOLVE', 'check', 1, '1 file still needs resolving'), run('NEEDS_RESOLVE', 'check', 2, null, false)]);
  assert.equal(folded.length, 1);
  assert.equal(folded[0]!.summary, 'checked 2 times, last at 10:01 UTC: 1 file still needs resolving');
  assert.deepEqual(foldChecks([run('NEEDS_RESOLVE', 'check', 3, null, false)])[0]!.summary, 'checked 1 time');
});
