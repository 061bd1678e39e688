import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyP4Output,
  lookupMessage,
  MAX_MESSAGES,
  parseChangeForm,
  parseCreatedChange,
  parseChanges,
  parseFilelog,
  parseIntegratePreview,
  parseLockHolders,
  parseOutput,
  summarizeClassification,
  type P4Classification,
  type P4Kind,
  type P4Output,
} from '../../main/p4/index.ts';
import { MESSAGE_TEMPLATES_TSV } from '../../main/p4/message-templates-data.ts';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'p4-corpus');

interface CorpusFile {
  stream: 'stdout' | 'stderr';
  body: string;
}

/** A corpus file: '#' header lines (source, command, STREAM), then the output after '#---'. */
function readCorpus(name: string): CorpusFile {
  const text = readFileSync(join(CORPUS, name), 'utf8');
  const cut = text.indexOf('#---\n');
  assert.ok(cut >= 0, `${name} has no '#---' line`);
  const header = text.slice(0, cut);
  const stream = /# STREAM: stderr/.test(header) ? 'stderr' : 'stdout';
  return { stream, body: text.slice(cut + 5) };
}

function corpusOutput(name: string, exitCode: number): P4Output {
  const { stream, body } = readCorpus(name);
  return { stdout: stream === 'stdout' ? body : '', stderr: stream === 'stderr' ? body : '', exitCode };
}

const out = (stdout: string, stderr = '', exitCode = 0): P4Output => ({ stdout, stderr, exitCode });

interface Expect {
  outcome: P4Classification['outcome'];
  files?: number;
  conflicts?: P4Classification['conflicts'];
  change?: number;
  cause?: P4Classification['cause'];
  /** Substring of messages[0]. */
  message?: string;
}

function check(kind: P4Kind, output: P4Output, expect: Expect): P4Classification {
  const c = classifyP4Output(kind, output);
  assert.equal(c.outcome, expect.outcome, `outcome; messages: ${JSON.stringify(c.messages)}`);
  if (expect.files !== undefined) assert.equal(c.files.length, expect.files, 'files');
  if (expect.conflicts !== undefined) assert.deepEqual(c.conflicts, expect.conflicts);
  if (expect.change !== undefined) assert.equal(c.change, expect.change, 'change');
  if ('cause' in expect) assert.equal(c.cause, expect.cause, 'cause');
  if (expect.message !== undefined) assert.match(c.messages[0] ?? '', new RegExp(escape(expect.message)));
  return c;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------
// Every corpus file, with the exit status p4 gives that output (as each file's header records).

interface CorpusCase {
  exit: number;
  /** How the file is read: a classification, or checks on the parsed lines. */
  run(output: P4Output): void;
}

const CORPUS_CASES: Record<string, CorpusCase> = {
  'changes-l-t-1.txt': {
    exit: 0,
    run: (o) => {
      const changes = parseChanges(o.stdout);
      assert.deepEqual(changes.map((c) => c.change), [13, 10, 9, 7, 4, 3, 1]);
      assert.deepEqual(changes[0], { change: 13, date: '2003/10/15 13:38:40', user: 'jim', client: 'cpt-jcrossley', pending: false, description: "Where's my change #" });
      assert.equal(changes[3]?.description, 'Backing out my test changes\n\nUpdating a description', 'a lone TAB is an empty description line');
    },
  },
  'changes-s-mode-default-1.txt': {
    exit: 0,
    run: (o) => {
      const changes = parseChanges(o.stdout);
      assert.equal(changes.length, 11);
      assert.deepEqual(changes[0], { change: 54, date: '2001/12/24', user: 'vimeshev', client: 'vimeshev', pending: false, description: 'Changed names to reflect standa' });
      assert.equal(changes[5]?.description, 'the same  ', 'blanks inside the quotes are kept');
    },
  },
  'copy-S-branch-sync-1.txt': {
    exit: 0,
    run: (o) => {
      check('integrate', o, { outcome: 'ok', files: 1 });
      assert.deepEqual(parseIntegratePreview(o.stdout).files, [{ depotFile: '//DPM/MAIN/info.txt', workRev: 1, action: 'branch', fromFile: '//DPM/DEV/info.txt', startFromRev: 1, endFromRev: 1 }]);
    },
  },
  'filelog-default-1.txt': {
    exit: 0,
    run: (o) => {
      const [log] = parseFilelog(o.stdout);
      assert.equal(log?.depotFile, '//depot/dev/main/jam/jam.c');
      assert.deepEqual(log?.revisions.map((r) => [r.rev, r.change, r.user, r.client]), [[35, 627, 'earl', 'earl-dev-yew'], [34, 598, 'raj', 'raj-althea'], [33, 581, 'gale', 'gale-jam-oak']]);
      assert.equal(log?.revisions[0]?.description, 'Handle platform variants better');
    },
  },
  'filelog-i-l-t-branch-from-1.txt': {
    exit: 0,
    run: (o) => {
      const logs = parseFilelog(o.stdout);
      assert.equal(logs.length, 2, '-i: the ancestor follows as its own section');
      const [third, second, first] = logs[0]!.revisions;
      assert.deepEqual([third?.user, third?.date, third?.description], ['Dallas', '2005/03/15 17:03:00', 'Moved Styleable and CocktailComponent interfaces from WebControl to WebControlInternal']);
      assert.equal(second?.description.split('\n').length, 2);
      assert.deepEqual(first?.integrations, [{ how: 'branch from', file: '//depot/Fabrique/fabrique-framework/sourceWeb/jetbrains/fabrique/web/ui/LayoutImpl.java', startRev: 1, endRev: 5 }]);
      assert.equal(logs[1]!.revisions[0]?.change, 66254);
    },
  },
  'filelog-l-branch-into-1.txt': {
    exit: 0,
    run: (o) => {
      const [log] = parseFilelog(o.stdout);
      assert.deepEqual(log?.revisions[0]?.integrations.map((i) => [i.how, i.endRev]), [['branch into', 1], ['branch into', 1]]);
      assert.equal(log?.revisions[0]?.description, 'bugfix3396');
    },
  },
  'filelog-s-t-m-merge-from-1.txt': {
    exit: 0,
    run: (o) => {
      const [log] = parseFilelog(o.stdout);
      assert.deepEqual(log?.revisions.map((r) => [r.user, r.client, r.action]), [['tji', 'gridmanager:vm:10.252.15.251', 'edit'], ['autointeg', 'gridmanager:vm:10.252.12.224', 'integrate']]);
      assert.deepEqual(log?.revisions[1]?.integrations.map((i) => [i.how, i.startRev, i.endRev]), [['merge from', 5, 5]]);
    },
  },
  'filelog-t-copy-from-1.txt': {
    exit: 0,
    run: (o) => {
      const [log] = parseFilelog(o.stdout);
      assert.deepEqual(log?.revisions[0]?.integrations.map((i) => [i.how, i.startRev, i.endRev]), [['copy from', 7, 799]]);
      assert.equal(log?.revisions[1]?.user, 'guillaume.kempf');
    },
  },
  'integrate-n-s-mode-cant-integrate-1.txt': {
    exit: 0,
    run: (o) => {
      check('integrate', o, { outcome: 'refused', files: 34 });
      const preview = parseIntegratePreview(o.stdout);
      assert.equal(preview.files.length, 34);
      assert.deepEqual(preview.files[3], { depotFile: '//depot/dev/bt/conf/RELEASE-NOTES.txt', workRev: 259, action: 'integrate', fromFile: '//depot/dev/bt31/conf/RELEASE-NOTES.txt', startFromRev: 25, endFromRev: 55 });
      assert.deepEqual(preview.refused.map((r) => [r.exclusive, /without -i flag$/.test(r.text)]), [[false, true]]);
    },
  },
  'merge-S-r-already-integrated-1.txt': {
    exit: 0,
    run: (o) => check('integrate', o, { outcome: 'nothing-to-do' }),
  },
  'merge-S-r-integrate-1.txt': {
    exit: 0,
    run: (o) => {
      check('integrate', o, { outcome: 'ok', files: 1 });
      assert.deepEqual(parseIntegratePreview(o.stdout).files.map((f) => [f.depotFile, f.fromFile, f.endFromRev]), [['//DPM/DEV/startbuild', '//DPM/MAIN/startbuild', 2]]);
    },
  },
  'add-opened-for-add-1.txt': {
    exit: 0,
    run: (o) => assert.equal(lookupMessage(o.stdout.trim())?.id, 'MsgDm::OpenSuccess'),
  },
  'add-ztag-message-header-1.txt': {
    exit: 0,
    run: (o) => {
      const p = parseOutput(o.stdout, o.stderr, 0);
      assert.equal(p.records.length, 1);
      assert.equal(p.records[0]?.['action'], 'add');
      assert.equal(p.records[0]?.['depotFile'], '//thb/xuhgo/ia/EJBBN/sgsy/kr/v.urm');
      assert.equal(p.lines.length, 1, 'the untagged message before the record stays a message');
    },
  },
  'delete-cant-already-opened-1.txt': {
    exit: 0,
    // "can't <action> (already opened for <x>)" is the integrate refusal IntegBadAction too.
    run: (o) => check('integrate', o, { outcome: 'refused', message: "can't delete (already opened for edit)" }),
  },
  'describe-ztag-record-1.txt': {
    exit: 0,
    run: (o) => {
      const p = parseOutput(o.stdout, '', 0);
      assert.equal(p.records.length, 2, 'a repeated key starts the next record');
      const r = p.records[0] ?? {};
      assert.match(r['desc'] ?? '', /^osfmji .* rm$/);
      assert.equal(r['status'], 'cebujgysf', 'the blank line after desc does not end the record');
      assert.equal(r['depotFile2'], '//phx/wclwi/of/OXDGS/krxvqe/mtqx_sxnk/alvydc_uh_mbmof.c');
      assert.equal(p.records[1]?.['change'], '313170');
      assert.equal(p.lines.length, 0);
    },
  },
  'edit-add-delete-opened-1.txt': {
    exit: 0,
    run: (o) =>
      assert.deepEqual(
        o.stdout.trim().split('\n').map((l) => lookupMessage(l)?.id),
        ['MsgDm::OpenSuccess', 'MsgDm::OpenSuccess', 'MsgDm::OpenSuccess', 'MsgDm::FilesData', 'MsgDm::FilesData', 'MsgDm::FilesData'],
      ),
  },
  'edit-ztag-exclusive-locked-1.txt': {
    exit: 0,
    run: (o) => {
      const p = parseOutput(o.stdout, '', 0);
      assert.equal(p.records.length, 0, "'... //path - also opened by' is a level-1 message, not a field");
      assert.deepEqual(p.lines.map((l) => l.level), [0, 1]);
      check('integrate', o, { outcome: 'refused', message: "can't edit exclusive file already opened" });
    },
  },
  'files-no-such-file-1.txt': {
    exit: 0,
    run: (o) => {
      check('integrate', o, { outcome: 'nothing-to-do', message: 'no such file(s)' });
      check('sync', o, { outcome: 'nothing-to-do' });
    },
  },
  'integrate-branch-sync-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('integrate', o, { outcome: 'ok', files: 10 });
      assert.deepEqual(c.files[0], { file: '//depot/test004/File0', action: 'branch' });
      assert.equal(summarizeClassification('integrate', c), '10 files integrated');
    },
  },
  'integrate-ztag-record-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('integrate', o, { outcome: 'ok', files: 1 });
      assert.equal(c.files[0]?.action, 'integrate');
    },
  },
  'must-refer-to-client-1.txt': {
    exit: 1,
    run: (o) => {
      check('sync', o, { outcome: 'error', message: "must refer to client 'cjwin-usmv2-1st'" });
      check('integrate', o, { outcome: 'error' });
    },
  },
  'resolve-N-ztag-branch-resolve-noise-1.txt': {
    exit: 0,
    run: (o) => {
      check('resolve-preview', o, {
        outcome: 'needs-resolve',
        conflicts: [{ file: '<clientFile>', reason: 'non-content' }],
      });
    },
  },
  'resolve-am-conflict-skipped-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('resolve', o, {
        outcome: 'needs-resolve',
        files: 0,
        conflicts: [{ file: '//client-name/foo.txt', reason: 'conflict', from: { file: '//depot/foo.txt', start: 2, end: 2 }, chunks: { yours: 0, theirs: 0, both: 0, conflicting: 1 } }],
      });
      assert.equal(summarizeClassification('resolve', c), '0 files resolved, 1 conflict');
    },
  },
  'resolve-am-s-success-copy-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('resolve', o, { outcome: 'ok', files: 1, conflicts: [] });
      assert.deepEqual(c.files[0], { file: '//vimeshev/dev/bt/build-deploy.xml', action: 'copy from' });
    },
  },
  'resolve-am-s-success-copy-2.txt': {
    exit: 0,
    run: (o) => check('resolve', o, { outcome: 'ok', files: 1, conflicts: [] }),
  },
  'resolve-ay-vs-ignored-2.txt': {
    exit: 0,
    run: (o) => {
      const c = check('resolve', o, { outcome: 'ok', files: 1, conflicts: [] });
      assert.equal(c.files[0]?.action, 'ignored');
    },
  },
  'resolve-binary-nontext-diff-1.txt': {
    exit: 0,
    // Only the chunk line survives in the source: an unfinished binary block.
    run: (o) => {
      const c = check('resolve', o, { outcome: 'needs-resolve' });
      assert.equal(c.conflicts.length, 1);
      assert.equal(c.conflicts[0]?.reason, 'binary');
    },
  },
  'resolve-interactive-diff-chunks-1.txt': {
    exit: 0,
    run: (o) => check('resolve', o, { outcome: 'error', cause: 'interactive-prompt', message: 'interactive' }),
  },
  'resolve-n-preview-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('resolve-preview', o, {
        outcome: 'needs-resolve',
        conflicts: [{ file: 'd:\\src\\p4\\Jamrules', reason: 'conflict', from: { file: '//depot/main/p4/Jamrules', start: 115, end: 116 } }],
      });
      assert.equal(summarizeClassification('resolve-preview', c), '1 file still needs resolving');
    },
  },
  'resolved-copy-from-1.txt': {
    exit: 0,
    run: (o) => check('resolve', o, { outcome: 'ok', files: 1 }),
  },
  's-mode-warnings-old-client-1.txt': {
    exit: 0,
    // Old clients tag warnings 'error:'; the catalog knows they are EV_EMPTY warnings.
    run: (o) => {
      check('resolve-preview', o, { outcome: 'nothing-to-do', message: 'No file(s) to resolve.' });
      check('integrate', o, { outcome: 'nothing-to-do' });
    },
  },
  'shelve-d-delete-1.txt': {
    exit: 0,
    run: (o) => check('shelve', o, { outcome: 'ok', change: 2 }),
  },
  'shelve-f-c-success-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('shelve', o, { outcome: 'ok', files: 1, change: 37504 });
      assert.equal(summarizeClassification('shelve', c), '1 file shelved in change 37504');
    },
  },
  'shelve-i-success-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('shelve', o, { outcome: 'ok', files: 3, change: 3 });
      assert.deepEqual(c.files.map((f) => f.action), ['edit', 'add', 'delete']);
    },
  },
  'shelve-i-success-2.txt': {
    exit: 0,
    run: (o) => check('shelve', o, { outcome: 'ok', files: 1, change: 2 }),
  },
  'submit-i-success-refreshing-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('submit', o, { outcome: 'ok', files: 1, change: 1 });
      assert.equal(summarizeClassification('submit', c), 'change 1 submitted (1 file)');
    },
  },
  'submit-merges-pending-p4php-1.txt': {
    exit: 1,
    // P4PHP's exception wrapper around the two server lines; '%d' stands for the number.
    run: (o) => check('submit', o, { outcome: 'needs-resolve', cause: 'merges-pending', message: 'Merges still pending' }),
  },
  'submit-merges-pending-p4python-1.txt': {
    exit: 1,
    run: (o) => check('submit', o, { outcome: 'needs-resolve', cause: 'merges-pending', message: 'Merges still pending' }),
  },
  'submit-must-resolve-evil-twin-1.txt': {
    exit: 0,
    run: (o) =>
      check('submit', o, {
        outcome: 'needs-resolve',
        conflicts: [{ file: '//TestClient/B/fileA', reason: 'conflict' }],
        cause: 'merges-pending',
      }),
  },
  'submit-success-1.txt': {
    exit: 0,
    run: (o) => check('submit', o, { outcome: 'ok', files: 1, change: 1 }),
  },
  'sync-up-to-date-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('sync', o, { outcome: 'nothing-to-do', files: 0 });
      assert.equal(summarizeClassification('sync', c), 'nothing to sync (up to date)');
    },
  },
  'sync-varied-lines-1.txt': {
    exit: 0,
    run: (o) => {
      const c = check('sync', o, {
        outcome: 'needs-resolve',
        files: 2,
        conflicts: [{ file: '//depot/foo', reason: 'conflict' }],
      });
      assert.deepEqual(c.files.map((f) => f.action), ['updated', 'deleted']);
    },
  },
  'unknown-command-1.txt': {
    exit: 1,
    run: (o) => {
      const c = check('sync', o, { outcome: 'error', message: 'Unknown command.' });
      assert.equal(summarizeClassification('sync', c), "error: Unknown command.  Try 'p4 help' for info.");
    },
  },
  'unshelve-reopen-1.txt': {
    exit: 0,
    run: (o) =>
      assert.deepEqual(
        o.stdout.trim().split('\n').map((l) => lookupMessage(l)?.id),
        ['MsgDm::ReopenData', 'MsgDm::UnshelveSuccess'],
      ),
  },
  'ztag-G-must-refer-to-client-1.txt': {
    exit: 1,
    // -G is binary marshal, not text: the fixture shows the dict as a Python repr. The same
    // dictionary as -Mj prints it (JSON, one per line) must classify as the error it is.
    run: (o) => {
      const json = JSON.stringify({
        data: "//fake/depot/... - must refer to client 'HOSTNAME'.\n",
        generic: 2,
        severity: 3,
      });
      assert.match(o.stdout, /'severity': 3/);
      check('sync', out(`${json}\n`, '', 1), { outcome: 'error', message: "must refer to client 'HOSTNAME'" });
    },
  },
};

test('every corpus file has a case, and every case a corpus file', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();
  assert.deepEqual(files, Object.keys(CORPUS_CASES).sort());
});

for (const [name, c] of Object.entries(CORPUS_CASES)) {
  test(`corpus: ${name}`, () => c.run(corpusOutput(name, c.exit)));
}

test('the embedded message catalog is the fixture TSV byte for byte', () => {
  const tsv = readFileSync(join(CORPUS, 'message-templates.tsv'), 'utf8');
  assert.equal(MESSAGE_TEMPLATES_TSV.replace(/^\n/, ''), tsv);
});

test('catalog: severity and generic code by meaning, case-insensitive', () => {
  assert.equal(lookupMessage('File(s) up-to-date.')?.id, 'MsgDm::ExUPTODATE');
  assert.equal(lookupMessage('//a/... - file(s) up-to-date.')?.id, 'MsgDm::ExUPTODATE');
  assert.equal(lookupMessage('Merges still pending -- use \'resolve\' to merge files.')?.severity, 'error');
  assert.equal(lookupMessage('All revision(s) already integrated in pending changelist.')?.id, 'MsgDm::ExINTEGPEND');
  assert.equal(lookupMessage('Shelved change 7 partially deleted, still contains 2 file(s).')?.id, 'MsgServer::ShelveDelete');
  assert.equal(lookupMessage('something no template says'), undefined);
});

// ---------------------------------------------------------------------------------------------
// Lines of the p4 grammars that the corpus has no capture of.

test('sync: added, refreshing, replacing; literal "..." argument; noclobber refusals', () => {
  const c = check(
    'sync',
    out('//d/a#1 - added as /ws/a\n//d/b#2 - refreshing /ws/b\n//d/c#3 - replacing /ws/c\n'),
    { outcome: 'ok', files: 3 },
  );
  assert.equal(summarizeClassification('sync', c), '3 files synced');
  check('sync', out('', '... - file(s) up-to-date.\n'), { outcome: 'nothing-to-do' });
  check('sync', out("//d/a#2 - can't update modified file /ws/a\n"), { outcome: 'refused', message: "can't update modified file" });
  check('sync', out('', 'Can\'t clobber writable file /ws/x\n', 1), { outcome: 'refused', message: 'clobber' });
});

test('integrate: modern opened lines with ranges, bases and resolve previews', () => {
  const c = check(
    'integrate',
    out(
      [
        '//depot/rel/a.c#3 - integrate from //depot/main/a.c#4,#6',
        '... must resolve content from //depot/main/a.c#4,#6 using base //depot/main/a.c#3',
        '//depot/rel/b.c#none - branch/sync from //depot/main/b.c#1',
        '//depot/rel/c.c#2 - delete from //depot/main/c.c#2',
        '//depot/rel/my file.txt#1 - sync/integrate from //depot/main/my file.txt#2,#3 (remapped from //depot/main/old.txt)',
        '... must resolve move to //depot/main/moved.c',
      ].join('\n'),
    ),
    { outcome: 'ok', files: 4 },
  );
  assert.deepEqual(c.files.map((f) => f.action), ['integrate', 'branch', 'delete', 'integrate']);
  assert.equal(c.files[3]?.file, '//depot/rel/my file.txt');
  assert.equal(c.messages.length, 0);
});

test('integrate: every refusal form refuses, even beside opened files and with exit 0', () => {
  const refusals = [
    "//depot/rel/a.c - can't integrate from //depot/main/a.c#2 without -i flag",
    "//depot/rel/b.c - can't delete from //depot/main/b.c#3 without -d or -Ds flag",
    "//depot/rel/c.c - can't integrate exclusive file already opened",
    "//depot/rel/d.c - can't integrate (already opened for edit)",
    '//depot/rel/e.c - is already opened by client other_ws',
    "//depot/rel/f.c - can't branch existing file",
    '//depot/rel/g.c - must sync before integrating.',
    '//depot/rel/h.c - resolve move to //depot/rel/h2.c before integrating from //depot/main/h.c',
    "//depot/rel/i.c - can't integrate from //depot/main/i.c#2 (moved from //depot/main/old.c; provide a branch view that maps this file, or use -Di to disregard move/deletes)",
    '//depot/rel/j.c - not in client view (remapped from //depot/main/j.c)',
    'Move/delete(s) must be integrated along with matching move/add(s).',
  ];
  for (const line of refusals) {
    check('integrate', out(`//depot/rel/ok.c#1 - integrate from //depot/main/ok.c#2\n${line}\n`), {
      outcome: 'refused',
      message: line,
    });
  }
});

test('integrate: nothing-to-do warnings on stderr with exit 0; real errors', () => {
  for (const line of [
    'All revision(s) already integrated.',
    '//depot/main/... - all revision(s) already integrated in pending changelist.',
    'No target file(s) in both client and branch view.',
    '//depot/main/... - no target file(s) in branch view.',
    'No source file(s) in branch view.',
    'No such file(s).',
  ]) {
    const c = check('integrate', out('', `${line}\n`), { outcome: 'nothing-to-do', message: line });
    assert.equal(summarizeClassification('integrate', c), `nothing to integrate: ${line}`);
  }
  check('integrate', out('', "Branch 'nope' unknown - use 'branch' command to create it.\n", 1), {
    outcome: 'error',
    message: "Branch 'nope' unknown",
  });
});

test('resolve -am: mixed blocks, binary, non-content, second pass', () => {
  const text = [
    '/ws/a.c - merging //depot/main/a.c#3,#4 using base //depot/main/a.c#2',
    'Diff chunks: 2 yours + 1 theirs + 0 both + 0 conflicting',
    '//ws/a.c - merge from //depot/main/a.c',
    '/ws/b.c - merging //depot/main/b.c#5',
    'Diff chunks: 1 yours + 1 theirs + 0 both + 2 conflicting',
    '//ws/b.c - resolve skipped.',
    '/ws/logo.png - binary/binary merge //depot/main/logo.png#2',
    'Non-text diff: 0 yours + 1 theirs + 0 both + 0 conflicting',
    '//ws/logo.png - resolve skipped.',
    '/ws/lib.dll - vs //depot/main/lib.dll#7',
    '//ws/lib.dll - resolve skipped.',
    '/ws/run.sh - resolving filetype from //depot/main/run.sh#3',
    'Filetype resolve',
    '//ws/run.sh - resolve skipped.',
    'Branch resolve',
    '/ws/new.c - resolving branch from //depot/main/new.c#1',
    '//ws/new.c - resolve skipped.',
    '/ws/d.c - merging //depot/main/d.c#2',
    'Diff chunks: 3 between yours and theirs (no common base)',
    'Must resolve manually.',
    '//ws/d.c - resolve skipped.',
  ].join('\n');
  const c = check('resolve', out(text), {
    outcome: 'needs-resolve',
    files: 1,
    conflicts: [
      // Chunk counts and the source come with each file (P4V shows the same counts).
      { file: '//ws/b.c', reason: 'conflict', from: { file: '//depot/main/b.c', start: 5, end: 5 }, chunks: { yours: 1, theirs: 1, both: 0, conflicting: 2 } },
      { file: '//ws/logo.png', reason: 'binary', from: { file: '//depot/main/logo.png', start: 2, end: 2 }, chunks: { yours: 0, theirs: 1, both: 0, conflicting: 0 } },
      { file: '//ws/lib.dll', reason: 'binary', from: { file: '//depot/main/lib.dll', start: 7, end: 7 } },
      { file: '//ws/run.sh', reason: 'non-content' },
      { file: '//ws/new.c', reason: 'non-content' },
      { file: '//ws/d.c', reason: 'conflict', from: { file: '//depot/main/d.c', start: 2, end: 2 } },
    ],
  });
  assert.equal(summarizeClassification('resolve', c), '1 file resolved, 6 conflicts (2 binary, 2 non-content)');
  check('resolve', out('', 'No file(s) to resolve.\n'), { outcome: 'nothing-to-do' });
  check('resolve', out('', '//ws/a.c tampered with before resolve - edit or revert.\n', 1), {
    outcome: 'error',
    message: 'tampered with before resolve',
  });
});

test('resolve -n: text intros and -ztag records classify binary and non-content', () => {
  check(
    'resolve-preview',
    out('/ws/a.c - merging //d/a.c#2\n/ws/b.bin - vs //d/b.bin#3\n/ws/n.c - resolving branch from //d/n.c#1\n'),
    {
      outcome: 'needs-resolve',
      files: 0,
      conflicts: [
        { file: '/ws/a.c', reason: 'conflict', from: { file: '//d/a.c', start: 2, end: 2 } },
        { file: '/ws/b.bin', reason: 'binary', from: { file: '//d/b.bin', start: 3, end: 3 } },
        { file: '/ws/n.c', reason: 'non-content' },
      ],
    },
  );
  const ztag = [
    '... clientFile /ws/a.c',
    '... fromFile //d/a.c',
    '... startFromRev 1',
    '... endFromRev 2',
    '... resolveType content',
    '... resolveFlag c',
    '... contentResolveType 3waytext',
    '',
    '... clientFile /ws/b.bin',
    '... fromFile //d/b.bin',
    '... startFromRev none',
    '... endFromRev 2',
    '... resolveType content',
    '... resolveFlag c',
    '... contentResolveType 2wayraw',
    '',
    '... clientFile /ws/gone.c',
    '... fromFile //d/gone.c',
    '... resolveType delete',
    'Delete resolve:',
    'at: delete',
    'ay: ignore',
    '',
  ].join('\n');
  check('resolve-preview', out(ztag), {
    outcome: 'needs-resolve',
    conflicts: [
      // -ztag's startFromRev is the revision before the first one to integrate.
      { file: '/ws/a.c', reason: 'conflict', from: { file: '//d/a.c', start: 2, end: 2 } },
      { file: '/ws/b.bin', reason: 'binary', from: { file: '//d/b.bin', start: 1, end: 2 } },
      { file: '/ws/gone.c', reason: 'non-content' },
    ],
  });
  check('resolve-preview', out('', 'No file(s) to resolve.\n'), { outcome: 'nothing-to-do' });
  check('resolve-preview', out(''), { outcome: 'nothing-to-do' });
});

test('-Mj JSON lines: records and messages by key presence', () => {
  const lines = [
    JSON.stringify({ clientFile: '/ws/a.c', fromFile: '//d/a.c', resolveType: 'content', contentResolveType: '3wayraw' }),
    JSON.stringify({ data: 'info text', level: 0 }),
  ];
  check('resolve-preview', out(`${lines.join('\n')}\n`), {
    outcome: 'needs-resolve',
    conflicts: [{ file: '/ws/a.c', reason: 'binary' }],
  });
  check('resolve-preview', out(`${JSON.stringify({ data: 'No file(s) to resolve.\n', generic: 17, severity: 2 })}\n`), {
    outcome: 'nothing-to-do',
  });
});

test('-s tags: info/warning/error prefixes and the exit trailer', () => {
  check('sync', out('info: //d/a#1 - added as /ws/a\nexit: 0\n'), { outcome: 'ok', files: 1 });
  // A wrapper that swallows the status: the trailer still says 1.
  check('sync', out("error: //x/... - must refer to client 'ws'.\nexit: 1\n"), { outcome: 'error' });
  check('integrate', out('warning: All revision(s) already integrated.\nexit: 0\n'), { outcome: 'nothing-to-do' });
  check('sync', out('info1: //d/f - must resolve #2 before submitting\nexit: 0\n'), {
    outcome: 'needs-resolve',
    conflicts: [{ file: '//d/f', reason: 'conflict' }],
  });
});

test('shelve: success, trigger rejection with its text, empty change, abort', () => {
  const rejected = check(
    'shelve',
    out(
      'Shelving files for change 42.\nedit //d/Bad Name.c#3\n',
      "Shelve validation failed -- fix problems then try again.\n'name_check' validation failed: \n\tBad Name.c: spaces are not allowed in file names\n",
      1,
    ),
    { outcome: 'rejected-by-trigger', change: 42 },
  );
  assert.equal(rejected.trigger, 'name_check');
  assert.ok(rejected.messages.includes('Bad Name.c: spaces are not allowed in file names'));
  assert.equal(
    summarizeClassification('shelve', rejected),
    "rejected by trigger 'name_check': Bad Name.c: spaces are not allowed in file names",
  );
  check('shelve', out('', 'No files to shelve.\n', 1), { outcome: 'refused', cause: 'empty-changelist' });
  check('shelve', out('', "Shelve aborted -- fix problems then use 'p4 shelve -c 42'.\n", 1), {
    outcome: 'error',
    message: 'Shelve aborted',
  });
  const warned = check('shelve', out('Shelving files for change 9.\nedit //d/x.bin#2\n... //d/x.bin - warning: shelve of +l file\nChange 9 files shelved.\n'), {
    outcome: 'ok',
    change: 9,
  });
  assert.deepEqual(warned.messages, ['//d/x.bin - warning: shelve of +l file']);
  check('shelve', out(''), { outcome: 'error' });
});

test('submit: renamed change, and its failures', () => {
  check(
    'submit',
    out('Submitting change 41.\nLocking 2 files ...\nedit //d/a.c#4\nintegrate //d/b.c#2\nChange 41 renamed change 57 and submitted.\n'),
    { outcome: 'ok', files: 2, change: 57 },
  );
  check('submit', out('//d/a.c - must resolve #4\n', "Out of date files must be resolved or reverted.\nSubmit failed -- fix problems above then use 'p4 submit -c 41'.\n", 1), {
    outcome: 'needs-resolve',
    cause: 'out-of-date',
    change: 41,
    conflicts: [{ file: '//d/a.c', reason: 'conflict' }],
  });
  check('submit', out('//d/a.c - already locked by bob@bob_ws\n', "File(s) couldn't be locked.\nSubmit failed -- fix problems above then use 'p4 submit -c 41'.\n", 1), {
    outcome: 'refused',
    cause: 'files-locked',
  });
  const trig = check(
    'submit',
    out('', "Submit validation failed -- fix problems then use 'p4 submit -c 41'.\n'name_check' validation failed: bad names\n", 1),
    { outcome: 'rejected-by-trigger', change: 41 },
  );
  assert.equal(trig.trigger, 'name_check');
  check('submit', out('', 'No files to submit.\n', 1), { outcome: 'error', cause: 'empty-changelist' });
  check('submit', out('', 'Change 41 has shelved files --  cannot submit.\n', 1), { outcome: 'error', cause: 'shelved-files' });
  check('submit', out('', '//ws/a.c tampered with after resolve - edit or revert.\n', 1), { outcome: 'error' });
  check('submit', out('Submitting change 41.\n'), { outcome: 'error' }); // no "submitted." = not submitted
  check('submit', out('... change 41\n... locked 1\n\n... depotFile //d/a.c\n... rev 4\n... action edit\n\n... submittedChange 41\n'), {
    outcome: 'ok',
    files: 1,
    change: 41,
  });
});

test('connection, login and unknown stderr lines', () => {
  const c = check(
    'sync',
    out('', 'Perforce client error:\n\tConnect to server failed; check $P4PORT.\n\tTCP connect to perforce:1666 failed.\n\tconnect: 127.0.0.1:1666: Connection refused\n', 1),
    { outcome: 'error', cause: 'connection' },
  );
  assert.match(c.messages[0] ?? '', /Connect to server failed/);
  check('sync', out('', 'Your session has expired, please login again.\n', 1), { outcome: 'error', cause: 'login' });
  // Unknown stderr beside real success: a wrapper's chatter, shown but not fatal.
  const noisy = check('sync', out('//d/a#1 - added as /ws/a\n', 'bootenv: using toolchain 12\n'), { outcome: 'ok' });
  assert.deepEqual(noisy.messages, ['bootenv: using toolchain 12']);
  // Unknown stderr and nothing else: we cannot tell what happened.
  check('sync', out('', 'p4w: cannot find p4 in PATH\n'), { outcome: 'error', message: 'p4w: cannot find p4' });
  check('sync', { stdout: '', stderr: '', exitCode: null }, { outcome: 'error', message: 'did not exit normally' });
  check('integrate', out('', '', 2), { outcome: 'error', message: 'status 2' });
});

test('change: created, updated, deleted, refusal; parse helpers', () => {
  check('change', out('Change 1234 created.\n'), { outcome: 'ok', change: 1234 });
  check('change', out('Change 1234 created with 2 open file(s) fixing 1 job(s).\n'), { outcome: 'ok', change: 1234 });
  check('change', out('Change 5 updated, adding 1 file(s).\n'), { outcome: 'ok', change: 5 });
  check('change', out('Change 5 deleted.\n'), { outcome: 'ok', change: 5 });
  check('change', out("Change 5 has 2 open file(s) associated with it and can't be deleted.\n"), { outcome: 'refused' });
  check('change', out('', 'Error in change specification.\nMissing required field \'Description\'.\n', 1), { outcome: 'error' });
  assert.equal(parseCreatedChange('Change 77 created.\n'), 77);
  assert.equal(parseCreatedChange('info: Change 78 created with 0 open file(s).\nexit: 0\n'), 78);
  assert.equal(parseCreatedChange('nothing here\n'), undefined);
  const form = parseChangeForm(
    [
      'verbose trigger says hello',
      '# A Perforce Change Specification.',
      'Change:\tnew',
      '',
      'Client:\tbuild_ws',
      '',
      'Status:\tnew',
      '',
      'Description:',
      '\tIntegrate main -> rel',
      '\tsecond line',
      '',
      'Files:',
      '\t//depot/rel/a.c\t# edit',
    ].join('\n'),
  );
  assert.equal(form['Change'], 'new');
  assert.equal(form['Client'], 'build_ws');
  assert.equal(form['Description'], 'Integrate main -> rel\nsecond line');
  assert.equal(form['Files'], '//depot/rel/a.c\t# edit');
  assert.equal(Object.keys(form).includes('verbose trigger says hello'), false);
});

test('messages are capped so a huge refusal list stays readable', () => {
  const lines = Array.from({ length: 500 }, (_, i) => `//d/f${i}.c - can't integrate (already opened for edit)`);
  const c = check('integrate', out(`${lines.join('\n')}\n`), { outcome: 'refused' });
  assert.equal(c.messages.length, MAX_MESSAGES);
  assert.match(c.messages.at(-1) ?? '', /and 401 more/);
});

test('100 000 integrated files classify quickly', () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `//depot/rel/dir${i % 97}/file${i}.c#1 - branch/sync from //depot/main/dir${i % 97}/file${i}.c#3`);
  const started = performance.now();
  const c = classifyP4Output('integrate', out(`${lines.join('\n')}\n`));
  const ms = performance.now() - started;
  assert.equal(c.files.length, 100_000);
  assert.equal(summarizeClassification('integrate', c), '100000 files integrated');
  assert.ok(ms < 2000, `took ${ms} ms`);
});

test('integrate refusals mark exclusive locks; opened -a names their holders', () => {
  const preview = parseIntegratePreview("//d/rel/a.c#2 - integrate from //d/main/a.c#3\n//d/rel/b.c - can't integrate exclusive file already opened\n");
  assert.deepEqual(preview.refused, [{ depotFile: '//d/rel/b.c', text: "//d/rel/b.c - can't integrate exclusive file already opened", exclusive: true }]);
  const holders = parseLockHolders([
    '//d/rel/b.c#2 - edit default change (text+l) by bob@bob-ws *exclusive*',
    '//d/rel/c.c#1 - edit change 7 (text) by eve@lab:vm:10.0.0.1 *locked*',
    '//d/rel/d.c#1 - edit change 8 (text) by ann@ann-ws',
    '//d/rel/e.c#1 - edit default change (text)',
    '//d/rel/f.c - edit change 9 by joe@joe-ws *exclusive*',
  ].join('\n'));
  assert.deepEqual([...holders], [['//d/rel/b.c', 'bob@bob-ws'], ['//d/rel/c.c', 'eve@lab:vm:10.0.0.1'], ['//d/rel/f.c', 'joe@joe-ws']]);
});
