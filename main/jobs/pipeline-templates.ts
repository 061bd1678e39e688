// Each stage's command, from a template. Defaults use standard p4; a site overrides single
// stages in <data-dir>/pipeline.yaml. Values from the job spec are substituted as whole argv
// elements, or shell-quoted in shell templates: user text never becomes shell syntax.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
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

const templateSchema = z.union([
  z.object({ argv: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ shell: z.string().min(1) }).strict(),
]);

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

/** Reads a YAML file; a syntax error names the file and the line. */
export function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (err) {
    throw new TemplateError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The first schema problem as "<where>: <key.path>: <reason>". */
export function schemaError(where: string, error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`;
}

/**
 * Defaults, then the `pipeline:` section of the master config (`base`, already validated),
 * then <data-dir>/pipeline.yaml when present: stage templates, stage timeouts, retry bounds.
 * A bad file stops the master with the key at fault.
 */
export function loadPipeline(dataDir: string, base: PipelineConfig = {}): Pipeline {
  const pipeline: Pipeline = { templates: { ...DEFAULT_TEMPLATES }, timeoutsS: { ...DEFAULT_STAGE_TIMEOUTS_S }, limits: {} };
  apply(pipeline, base, 'config file pipeline');
  const file = join(dataDir, PIPELINE_FILE);
  if (existsSync(file)) {
    const result = fileSchema.safeParse(readYaml(file));
    if (!result.success) throw new TemplateError(schemaError(file, result.error));
    apply(pipeline, result.data, file);
  }
  return pipeline;
}

function apply(pipeline: Pipeline, config: PipelineConfig, where: string): void {
  const { stages = {}, timeouts_s = {}, retries = {} } = config;
  for (const [stage, template] of Object.entries(stages)) checkPlaceholders(stage, template as StageTemplate, where);
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

function checkPlaceholders(stage: string, template: StageTemplate, file: string): void {
  const text = 'argv' in template ? template.argv.join(' ') : template.shell;
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(name!)) throw new TemplateError(`${file}: stages.${stage}: unknown placeholder {${name}} (known: ${[...KNOWN].map((k) => `{${k}}`).join(', ')})`);
  }
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
      argv.push(arg.replace(PLACEHOLDER, (_m, name: string, opt?: string) => lookup(name, Boolean(opt)) ?? ''));
    }
    line = argv.map(shellQuote).join(' ');
  } else {
    line = template.shell.replace(PLACEHOLDER, (_m, name: string, opt?: string) => {
      const value = lookup(name, Boolean(opt));
      return value === null ? '' : shellQuote(value);
    });
  }
  if (initScript) {
    // The init script sets up the environment (P4CONFIG, bootenv…) for the command after it.
    const full = `. ${shellQuote(initScript)} && ${line}`;
    return { command: full, shell: true, display: full };
  }
  const display = 'shell' in template && template.display ? template.display : line;
  return argv ? { command: argv, shell: false, display } : { command: line, shell: true, display };
}

export function templateValues(spec: JobSpec, changelist: number | null): TemplateValues {
  return {
    changelist: changelist === null ? undefined : String(changelist),
    branch_spec: spec.branch_spec,
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
