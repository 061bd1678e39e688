// Line grammars of the p4 commands the pipeline runs, one table per command. A rule records what its line means in
// Findings; lines no rule claims fall through to the message catalog (classify.ts).

import type { Findings } from './findings.ts';
import type { OutputLine } from './output-lines.ts';
import type { P4Kind } from './types.ts';

export interface LineRule {
  re: RegExp;
  apply(m: RegExpExecArray, f: Findings, line: OutputLine): void;
}

const group = (m: RegExpExecArray, i: number): string => m[i] ?? '';
const num = (m: RegExpExecArray, i: number): number | undefined =>
  m[i] ? Number(m[i]) : undefined;

/** Rule for a line that is understood but changes nothing (progress, kept files, previews). */
const ignore = (re: RegExp): LineRule => ({ re, apply: () => {} });
const refusal = (re: RegExp): LineRule => ({ re, apply: (_m, f, l) => f.note('refusal', l.text) });

const SYNC_ACTIONS: Record<string, string> = {
  'added as': 'added',
  updating: 'updated',
  refreshing: 'refreshed',
  replacing: 'replaced',
  'deleted as': 'deleted',
};

const SYNC: LineRule[] = [
  {
    re: /^(\/\/.+?)#(\d+) - (added as|updating|refreshing|replacing|deleted as) (.+)$/,
    apply: (m, f) => f.file(group(m, 1), SYNC_ACTIONS[group(m, 3)] ?? group(m, 3)),
  },
  ignore(
    /^\/\/.+?#\d+ - (?:is opened and not being changed|is opened at a later revision - not changed|is opened for \S+ and can't be (?:deleted|replaced)|is up-to-date)$/,
  ),
  {
    // Level-1 info: sync scheduled a resolve for a file already opened in the workspace.
    re: /^(\/\/.+?) - must (?:sync\/)?resolve (#\S+?) before submitting$/,
    apply: (m, f, l) => {
      f.conflict(group(m, 1), 'conflict');
      f.note('needs-resolve', l.text);
    },
  },
  refusal(/^\/\/.+?#\d+ - can't (?:overwrite existing|update modified|delete modified|replace modified) file .+$/),
  refusal(/^Can't clobber writable file .+$/),
];

const INTEGRATE: LineRule[] = [
  {
    re: /^(\/\/.+?)#(?:\d+|none) - (?:sync\/)?(integrate|branch|delete|copy|edit|add|import|move\/add|move\/delete|ignore)(?:\/sync)? from (\/\/.+?)#(?:\d+|none)(?:,#\d+)?(?: using base .+?)?(?: \(remapped from .+\))?$/,
    apply: (m, f) => f.file(group(m, 1), group(m, 2)),
  },
  // Servers >= 2011.1 preview the resolve each opened file will need: expected, not a problem.
  ignore(/^must resolve (?:move to |\S+ from )/),
  // Refusals are E_INFO on stdout with exit 0 and the file is NOT opened.
  refusal(/^\/\/.+? - can't .+$/),
  refusal(/^\/\/.+? - is already opened by (?:client|user) \S+$/),
  refusal(/^.+? - must sync before integrating\.$/),
  refusal(/^\/\/.+? - resolve move to \S+ before integrating from .+$/),
  refusal(/^\/\/.+? - not in (?:client|branch) view \(remapped from .+\)$/),
  // p4 prints it like the "nothing to do" warnings, but it is a refusal here: a partial
  // integration of a move would be wrong to submit, so a human decides.
  refusal(/^(?:.+ - m|M)ove\/delete\(s\) must be integrated along with matching move\/add\(s\)\.$/i),
];

const FILE_ACTION_LINE =
  /^(add|edit|delete|branch|integrate|move\/add|move\/delete|import|archive|purge) (\/\/.+?)#(\d+|none)$/;

const fileActionLine: LineRule = {
  re: FILE_ACTION_LINE,
  apply: (m, f) => f.file(group(m, 2), group(m, 1)),
};

const changeCreated: LineRule = {
  re: /^Change (\d+) created with \d+ open file\(s\)\.$/,
  apply: (m, f) => {
    f.change = num(m, 1);
  },
};

const SHELVE: LineRule[] = [
  changeCreated,
  {
    re: /^Shelving (?:files|stream spec) for change (\d+)\.$/,
    apply: (m, f) => {
      f.change = num(m, 1);
    },
  },
  fileActionLine,
  {
    re: /^Change (\d+) (?:files|stream|files and stream) shelved\.$/,
    apply: (m, f) => f.success(num(m, 1)),
  },
  {
    re: /^Shelved change (\d+) (?:deleted\.|partially deleted, .+)$/,
    apply: (m, f) => f.success(num(m, 1)),
  },
  { re: /^\/\/.+? - warning: .+$/, apply: (_m, f, l) => f.note('warning', l.text) },
  {
    re: /^No files to shelve(?: from the default changelist)?\.$/,
    apply: (_m, f, l) => {
      f.note('refusal', l.text);
      f.setCause('empty-changelist');
    },
  },
  { re: /^Shelve aborted -- .+$/, apply: (_m, f, l) => f.note('weak-error', l.text) },
];

const SUBMIT: LineRule[] = [
  changeCreated,
  {
    re: /^Submitting change (\d+)\.$/,
    apply: (m, f) => {
      f.change = num(m, 1);
    },
  },
  ignore(/^Locking \d+ files \.\.\.$/),
  fileActionLine,
  { re: /^Change (\d+) submitted\.$/, apply: (m, f) => f.success(num(m, 1)) },
  // Take the NEW number: that is the submitted change.
  { re: /^Change \d+ renamed change (\d+) and submitted\.$/, apply: (m, f) => f.success(num(m, 1)) },
  ignore(/^\/\/.+?#\d+ - (?:refreshing|unchanged, reverted|unchanged, moved to default changelist)$/),
  {
    re: /^(.+?) - must resolve (\/\/.+?)#\d+(?:,#\d+)?$/,
    apply: (m, f) => {
      f.conflict(group(m, 1), 'conflict');
      f.setCause('merges-pending');
    },
  },
  {
    re: /^(\/\/.+?) - must resolve #\d+(?:,#\d+)?$/,
    apply: (m, f) => {
      f.conflict(group(m, 1), 'conflict');
      f.setCause('out-of-date');
    },
  },
  {
    re: /^(\/\/.+?) - must (?:sync\/)?resolve .*before submitting$/,
    apply: (m, f) => {
      f.conflict(group(m, 1), 'conflict');
      f.setCause('out-of-date');
    },
  },
  {
    re: /^Merges still pending -- .+$/,
    apply: (_m, f, l) => {
      f.note('needs-resolve', l.text);
      f.setCause('merges-pending');
    },
  },
  {
    re: /^Out of date files must be resolved or reverted\.$/,
    apply: (_m, f, l) => {
      f.note('needs-resolve', l.text);
      f.setCause('out-of-date');
    },
  },
  {
    re: /^(?:File\(s\) couldn't be locked.*|.+? - already locked by \S+)$/,
    apply: (_m, f, l) => {
      f.note('refusal', l.text);
      f.setCause('files-locked');
    },
  },
  {
    re: /^No files to submit(?: from the default changelist)?\.$/,
    apply: (_m, f, l) => {
      f.note('error', l.text);
      f.setCause('empty-changelist');
    },
  },
  {
    // The number to retry with; p4 creates it when a default-change submit fails.
    // Lenient about the number: wrappers' test fixtures print '%d' or strip digits.
    re: /^Submit (?:failed|aborted) -- fix problems (?:above )?then use '.*?submit -[ce] ?(\S*)'\.$/,
    apply: (m, f, l) => {
      f.note('weak-error', l.text);
      if (/^\d+$/.test(group(m, 1))) f.change = Number(m[1]);
    },
  },
  {
    re: /^Change (\d+) has shelved files -- +cannot submit\.$/,
    apply: (m, f, l) => {
      f.note('error', l.text);
      f.change = num(m, 1);
      f.setCause('shelved-files');
    },
  },
];

const CHANGE: LineRule[] = [
  {
    re: /^Change (\d+) (?:created|updated|deleted)\b.*\.$/,
    apply: (m, f) => f.success(num(m, 1)),
  },
  // E_INFO although nothing was deleted.
  refusal(/^Change \d+ has \d+ (?:open file\(s\)|fixes|files) associated with it and can't be deleted\.$/),
];

/** Lines any command can print: trigger rejections, connection and login failures. */
export const COMMON: LineRule[] = [
  {
    re: /^\s*'([^']+)' validation failed: ?(.*)$/,
    apply: (m, f, l) => {
      f.trigger ??= group(m, 1);
      f.note('trigger', l.text);
      f.inTriggerText = true;
    },
  },
  {
    re: /^(?:Submit validation failed -- fix problems then use '.*?submit -c ?(\S*)'|Shelve validation failed -- fix problems then try again)\.$/,
    apply: (m, f, l) => {
      f.note('trigger', l.text);
      if (/^\d+$/.test(group(m, 1))) f.change = Number(m[1]);
      f.inTriggerText = true;
    },
  },
  { re: /^Perforce client error:$/, apply: (_m, f, l) => f.note('weak-error', l.text) },
  {
    // [INFER] the client-side connect failure block; not in the catalog subset.
    re: /^\s*(?:Connect to server failed; check \$P4PORT\.|TCP connect to .+ failed\.|connect: .+)$/,
    apply: (_m, f, l) => {
      f.note('error', l.text);
      f.setCause('connection');
    },
  },
  {
    re: /^\s*(?:Perforce password \(P4PASSWD\) invalid or unset\.|Your session has expired, please login again\.)$/,
    apply: (_m, f, l) => {
      f.note('error', l.text);
      f.setCause('login');
    },
  },
  {
    // Plain `p4 resolve` waits for an answer: automation must use -am/-as/-at/-ay/-n.
    re: /^Accept ?\((?:a|at\/ay)\) .*Help ?\(\?\).*:\s*$/,
    apply: (_m, f) => {
      f.note('error', 'p4 resolve asked an interactive question: the stage must use an automatic mode (-am, -as, -at, -ay) or -n');
      f.setCause('interactive-prompt');
    },
  },
];

export const RULES_BY_KIND: Record<Exclude<P4Kind, 'resolve' | 'resolve-preview'>, LineRule[]> = {
  sync: SYNC,
  integrate: INTEGRATE,
  shelve: SHELVE,
  submit: SUBMIT,
  change: CHANGE,
};

export function applyRules(rules: readonly LineRule[], line: OutputLine, f: Findings): boolean {
  for (const rule of rules) {
    const m = rule.re.exec(line.text);
    if (m) {
      rule.apply(m, f, line);
      return true;
    }
  }
  return false;
}
