// A short seeded run of every `npm run fuzz` target: no crash, no 5xx.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { runTarget, TARGETS } from '../fuzz/fuzz-targets.ts';
import { startMaster, suiteCleanup, tempDir, type MasterProc } from '../helpers/processes.ts';

describe('fuzz targets, short seeded run', () => {
  let master: MasterProc;
  let files: string;
  const suite = suiteCleanup();

  before(async () => {
    master = await startMaster(suite, { dataDir: tempDir(suite) });
    files = mkdtempSync(join(tmpdir(), 'p4i-fuzz-'));
    suite.after(() => rmSync(files, { recursive: true, force: true }));
  });

  for (const target of TARGETS) {
    test(target.name, async (t) => {
      // Parsers must refuse bad input with their own message, not print process warnings.
      const warnings: string[] = [];
      const onWarning = (w: Error): void => void warnings.push(w.message);
      process.on('warning', onWarning);
      t.after(() => process.off('warning', onWarning));
      await runTarget(target, { dir: files, api: { url: master.url, token: master.token } }, 300, 0x5eed);
      assert.deepEqual(warnings, [], 'no warning was printed');
    });
  }
});
