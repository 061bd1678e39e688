// Each stage's command, from a template. Defaults use standard p4; a site overrides single
// stages in <data-dir>/pipeline.yaml. Values from the job spec are substituted as whole argv
// elements, or shell-quoted in shell templates: user text never becomes shell syntax.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { isProcessText, PROCESS_TEXT_PROBLEM } from '../../agent/protocol.ts';
import type { JobSpec, JobStage } from '../../preload/api.ts';
import { shellQuote } from '../base/shell-quote.ts';
import type { DecisionLimits } from './decisions.ts';
import { DEFAULT_STAGE_TIMEOUTS_S } from './job-spec.ts';

/** Stages that run a command (the watcher's check uses RESOLVE_CHECK's; probes are fixed). */
export const COMMAND_STAGES = ['INIT', 'SYNC', 'INTEGRATE', 'RESOLVE_PASS_1', 'RESOLVE_PASS_2', 'RESOLVE_CHECK', 'PRE_SUBMIT', 'SHELVE', 'NC_FIX', 'P4PUSH'] as const;
export type CommandStage = (typeof COMMAND_STAGES)[number];

/** `display` replaces a long built-in shell line in the timeline. */
export type StageTemplate = { argv: string[] } | { shell: string; display?: string };

export const PIPELINE_FILE = 'pipeline.yaml';

/** Placeholders a template may use; `{name?}` is dropped when the value is empty. */
export type TemplateValues = Partial<Record<'changelist' | 'branch_spec' | 'path' | 'workspace' | 'pre_submit_hook' | 'name_check_fix_script', string>>;

/**
 * INIT without a changelist: take the new-change form, put our description in (passed in
 * P4I_DESCRIPTION, never spliced into the line), drop files of the default changelist, submit
 * the form. INIT with a changelist only checks that it exists and is pending.
 */
const CREATE_CHANGE = `p4 change -o | awk -v desc="$P4I_DESCRIPTION" '
  /^Files:/ { files = 1 } files { next }
  /^Description:/ { print; n = split(desc, lines, "\\n"); for (i = 1; i <= n; i++) print "\\t" lines[i]; skip = 1; next }
  skip && /^[ \\t]/ { next }
  { skip = 0; print }' | p4 change -i`;

export const DEFAULT_TEMPLATES: Record<CommandStage, StageTemplate> = {
  INIT: { argv: ['p4', 'change', '-o', '{changelist}'] },
  SYNC: { argv: ['p4', 'sync'] },
  INTEGRATE: { argv: ['p4', 'integrate', '-c', '{changelist}', '-b', '{branch_spec}', '{path?}'] },
  RESOLVE_PASS_1: { argv: ['p4', 'resolve', '-am', '-c', '{changelist}'] },
  // A second automatic pass: files whose merge became possible after the first pass resolve now.
  RESOLVE_PASS_2: { argv: ['p4', 'resolve', '-am', '-c', '{changelist}'] },
  RESOLVE_CHECK: { argv: ['p4', 'resolve', '-n', '-c', '{changelist}'] },
  PRE_SUBMIT: { argv: ['{pre_submit_hook}', '{changelist}'] },
  SHELVE: { argv: ['p4', 'shelve', '-f', '-c', '{changelist}'] },
  NC_FIX: { argv: ['{name_check_fix_script}', '{changelist}'] },
  // A shelved change cannot be submitted: the shelf is deleted first (p4 refuses otherwise).
  // Its result is not checked, so a retry after a refused submit (no shelf left) still submits;
  // if the shelf really stays, submit says so and the job fails with that reason.
  P4PUSH: { shell: 'p4 shelve -d -c {changelist} >/dev/null 2>&1; p4 submit -c {changelist}' },
};
export const CREATE_CHANGE_TEMPLATE: StageTemplate = { shell: CREATE_CHANGE, display: 'p4 change -o | (set Description, drop Files) | p4 change -i' };

export const PROBES = {
  opened: { argv: ['p4', 'opened', '-c', '{changelist}'] },
  shelved: { argv: ['p4', 'describe', '-S', '-s', '{changelist}'] },
  submitted: { argv: ['p4', 'describe', '-s', '{changelist}'] },
} satisfies Record<string, StageTemplate>;

/**
 * Steps whose output the engine reads itself, so a site cannot replace them: the login check,
 * the proof of a submit (VERIFY describes the submitted number), what an ERROR left, and the
 * clean-up. `p4 info` names user, server and host for the login message and needs no ticket.
 */
export const FIXED_STEPS = {
  LOGIN: { shell: 'p4 info && p4 login -s' },
  VERIFY: PROBES.submitted,
  INSPECT: PROBES.opened,
  REVERT: { argv: ['p4', 'revert', '-c', '{changelist}', '//...'] },
  DELETE_SHELF: { argv: ['p4', 'shelve', '-d', '-c', '{changelist}'] },
  DELETE_CHANGE: { argv: ['p4', 'change', '-d', '{changelist}'] },
} satisfies Partial<Record<JobStage, StageTemplate>>;

const templateSchema = z.union([
  z.object({ argv: z.array(z.string().min(1).refine(isProcessText, PROCESS_TEXT_PROBLEM)).min(1) }).strict(),
  z.object({ shell: z.string().min(1).refine(isProcessText, PROCESS_TEXT_PROBLEM) }).strict(),
]).superRefine((template, ctx) => {
  const problem = placeholderProblem(template);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.why });
});

const seconds = z.number().positive().max(7 * 24 * 3600);

const fileSchema = z.object({
  stages: z.partialRecord(z.enum(COMMAND_STAGES), templateSchema).optional(),
  timeouts_s: z.partialRecord(z.enum([...COMMAND_STAGES, 'NEEDS_RESOLVE']), seconds).optional(),
  retries: z.object({
    name_check_fix_rounds: z.number().int().min(0).max(20),
    lock_retries: z.number().int().min(0).max(50),
    lock_delay_s: seconds,
    connection_retries: z.number().int().min(0).max(50),
    connection_delay_s: seconds,
    timeout_retries: z.number().int().min(0).max(20),
    timeout_delay_s: seconds,
    resubmits: z.number().int().min(0).max(10),
  }).partial().strict().optional(),
}).strict();

export interface Pipeline {
  templates: Record<CommandStage, StageTemplate>;
  timeoutsS: Partial<Record<JobStage, number>>;
  limits: Partial<DecisionLimits>;
}

export class TemplateError extends Error {}

export const pipelineSchema = fileSchema;
export type PipelineConfig = z.infer<typeof fileSchema>;

export interface YamlFile {
  data: unknown;
  /** The line (1-based) where the value at this key path starts, when the file has it. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Reads a YAML file; a syntax error names the file and the line. */
export function readYaml(file: string): YamlFile {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library's warnings (a collection used as a key) would go to the
  // process's stderr; such a file is refused by the schema with a message of ours instead.
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, logLevel: 'error' });
  const error = doc.errors[0];
  if (error) throw new TemplateError(`${file}: not valid YAML: ${error.message.split('\n')[0]}`);
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (err) {
    // An alias whose anchor is missing, or too many alias expansions.
    throw new TemplateError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  return {
    data,
    lineOf: (path) => {
      // Walks the key path; a key's own line is the one to show (a block value starts below it).
      let node: unknown = doc.contents;
      let line: number | undefined;
      for (const key of path) {
        let next: { range?: [number, number, number] | null } | undefined;
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
          if (pair && isScalar(pair.key) && pair.key.range) line = lineCounter.linePos(pair.key.range[0]).line;
          next = pair?.value as typeof next;
        } else if (isSeq(node) && typeof key === 'number') {
          next = node.items[key] as typeof next;
          if (next?.range) line = lineCounter.linePos(next.range[0]).line;
        }
        if (!next) break;
        node = next;
      }
      return line;
    },
  };
}

/** The first schema problem as "<file>[:<line>]: <key.path>: <reason>". */
export function schemaError(where: string, error: z.ZodError, lineOf?: YamlFile['lineOf']): string {
  const issue = error.issues[0]!;
  const line = lineOf?.(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path);
  return `${where}${line === undefined ? '' : `:${line}`}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`;
}

/**
 * Defaults, then the `pipeline:` section of the master config (`base`, already validated),
 * then <data-dir>/pipeline.yaml when present: stage templates, stage timeouts, retry bounds.
 * A bad file stops the master with the key at fault.
 */
export function loadPipeline(dataDir: string, base: PipelineConfig = {}): Pipeline {
  const pipeline: Pipeline = { templates: { ...DEFAULT_TEMPLATES }, timeoutsS: { ...DEFAULT_STAGE_TIMEOUTS_S }, limits: {} };
  // The config file's section was checked when that file was read; this also covers callers
  // that pass options in code.
  const checked = fileSchema.safeParse(base);
  if (!checked.success) throw new TemplateError(schemaError('config file pipeline', checked.error));
  apply(pipeline, checked.data);
  const file = join(dataDir, PIPELINE_FILE);
  if (existsSync(file)) {
    const yaml = readYaml(file);
    const result = fileSchema.safeParse(yaml.data);
    if (!result.success) throw new TemplateError(schemaError(file, result.error, yaml.lineOf));
    apply(pipeline, result.data);
  }
  return pipeline;
}

function apply(pipeline: Pipeline, config: PipelineConfig): void {
  const { stages = {}, timeouts_s = {}, retries = {} } = config;
  Object.assign(pipeline.templates, stages);
  Object.assign(pipeline.timeoutsS, timeouts_s);
  const ms = (s: number | undefined): number | undefined => (s === undefined ? undefined : s * 1000);
  Object.assign(pipeline.limits, Object.fromEntries(Object.entries({
    ncFixRounds: retries.name_check_fix_rounds,
    lockRetries: retries.lock_retries,
    lockDelayMs: ms(retries.lock_delay_s),
    connectionRetries: retries.connection_retries,
    connectionDelayMs: ms(retries.connection_delay_s),
    timeoutRetries: retries.timeout_retries,
    timeoutDelayMs: ms(retries.timeout_delay_s),
    resubmits: retries.resubmits,
  }).filter(([, v]) => v !== undefined)));
}

/** `{name}` or `{name?}`; `${name}` is the shell's own and left alone. */
const PLACEHOLDER = /(?<!\$)\{([a-z_]+)(\?)?\}/g;
const KNOWN = new Set(['changelist', 'branch_spec', 'path', 'workspace', 'pre_submit_hook', 'name_check_fix_script']);

// A placeholder in a shell line must stand as a word of its own: after these characters (or
// the start) and before these (or the end). Glued to other text or inside quotes, the quoted
// value would be read as part of a larger word or quoting the template author controls.
const WORD_BEFORE = /[\s;&|(<>]/;
const WORD_AFTER = /[\s;&|)<>]/;

/**
 * Why a template's placeholders are unsafe or unknown, with the key of the offending value:
 * in argv a placeholder must be a whole element (a longer element may be a script for `sh -c`);
 * in a shell line it must be a word of its own, outside any quotes, because it is replaced by
 * its shell-quoted value and quotes around it would undo that quoting.
 */
export function placeholderProblem(template: StageTemplate): { path: Array<string | number>; why: string } | undefined {
  const unknown = (name: string): string => `unknown placeholder {${name}} (known: ${[...KNOWN].map((k) => `{${k}}`).join(', ')})`;
  if ('argv' in template) {
    for (const [i, arg] of template.argv.entries()) {
      for (const m of arg.matchAll(PLACEHOLDER)) {
        if (!KNOWN.has(m[1]!)) return { path: ['argv', i], why: unknown(m[1]!) };
        if (m[0] !== arg) return { path: ['argv', i], why: `placeholder ${m[0]} must be a whole argument, not part of "${arg}" (values are passed as one argument each; write it as its own list element)` };
      }
    }
    return undefined;
  }
  const text = template.shell;
  const quotes = quoteStates(text);
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index;
    if (!KNOWN.has(m[1]!)) return { path: ['shell'], why: unknown(m[1]!) };
    const quote = quotes[at];
    if (quote) return { path: ['shell'], why: `placeholder ${m[0]} is inside ${quote === "'" ? 'single' : 'double'} quotes; remove the quotes: the value is shell-quoted for you, and quotes around it would let it run as shell syntax` };
    const before = at === 0 ? ' ' : text[at - 1]!;
    const end = at + m[0].length;
    const after = end === text.length ? ' ' : text[end]!;
    if (!WORD_BEFORE.test(before) || !WORD_AFTER.test(after)) {
      const word = /\S*$/.exec(text.slice(0, at))![0] + m[0] + /^\S*/.exec(text.slice(end))![0];
      return { path: ['shell'], why: `placeholder ${m[0]} is glued to other text ("${word}"); it must be a word of its own, separated by spaces` };
    }
  }
  return undefined;
}

/** For each character of a POSIX shell line: the quote it is inside ("'" or '"'), or undefined. */
function quoteStates(text: string): Array<"'" | '"' | undefined> {
  const states: Array<"'" | '"' | undefined> = [];
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    states.push(quote);
    if (c === '\\' && quote !== "'") {
      states.push(quote);
      i++;
    } else if (quote === undefined && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = undefined;
  }
  return states;
}

export interface RenderedCommand {
  command: string[] | string;
  shell: boolean;
  /** What the timeline shows. */
  display: string;
}

export function renderTemplate(stage: string, template: StageTemplate, values: TemplateValues, initScript?: string): RenderedCommand {
  const lookup = (name: string, optional: boolean): string | null => {
    const value = values[name as keyof TemplateValues];
    if (value === undefined || value === '') {
      if (optional) return null;
      throw new TemplateError(`the ${stage} command needs {${name}} but the job has none`);
    }
    return value;
  };
  let argv: string[] | null = null;
  let line: string;
  if ('argv' in template) {
    argv = [];
    for (const arg of template.argv) {
      const whole = /^\{([a-z_]+)(\?)?\}$/.exec(arg);
      if (whole) {
        const value = lookup(whole[1]!, Boolean(whole[2]));
        if (value !== null) argv.push(value);
        continue;
      }
      argv.push(arg); // loadPipeline refuses placeholders that are not whole elements
    }
    line = argv.map(shellQuote).join(' ');
  } else {
    line = template.shell.replace(PLACEHOLDER, (_m, name: string, opt?: string) => {
      const value = lookup(name, Boolean(opt));
      return value === null ? '' : shellQuote(value);
    });
  }
  if (initScript) return afterInitScript(line, initScript);
  const display = 'shell' in template && template.display ? template.display : line;
  return argv ? { command: argv, shell: false, display } : { command: line, shell: true, display };
}

/** The init script sets up the environment (P4CONFIG, bootenv…) for the command after it. */
function afterInitScript(line: string, initScript: string): RenderedCommand {
  const full = `. ${shellQuote(initScript)} && ${line}`;
  return { command: full, shell: true, display: full };
}

/**
 * A command built from the job's options (whole argv, no placeholders). Several run one after
 * the other whatever each says (`;`): their output is read as one.
 */
export function renderArgvs(argvs: readonly string[][], initScript?: string): RenderedCommand {
  const line = argvs.map((argv) => argv.map(shellQuote).join(' ')).join('; ');
  if (initScript) return afterInitScript(argvs.length > 1 ? `{ ${line}; }` : line, initScript);
  return argvs.length === 1 ? { command: [...argvs[0]!], shell: false, display: line } : { command: line, shell: true, display: line };
}

export function templateValues(spec: JobSpec, changelist: number | null): TemplateValues {
  return {
    changelist: changelist === null ? undefined : String(changelist),
    // A stream or from/to job has no branch spec: a template that needs one says so.
    branch_spec: spec.source === undefined || 'branch' in spec.source ? spec.branch_spec : undefined,
    path: spec.path,
    workspace: spec.workspace,
    pre_submit_hook: spec.pre_submit_hook,
    name_check_fix_script: spec.name_check_fix_script,
  };
}

/** Which stage's template a stage run uses (the watcher's check is RESOLVE_CHECK's). */
export function templateStage(stage: JobStage): CommandStage {
  return stage === 'NEEDS_RESOLVE' ? 'RESOLVE_CHECK' : (stage as CommandStage);
}
