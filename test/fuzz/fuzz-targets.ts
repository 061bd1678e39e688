// Property-based fuzz targets (fast-check): every outside input the master takes, generated
// both as near-valid shapes and as anything at all. Each property holds when the input is
// either accepted or refused with the error meant for bad input: no other exception, no 5xx.
// `npm run fuzz` runs them at 100,000 cases each; `npm test` runs a short seeded run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { agentMessageSchema, encodeFrame, FrameDecoder, masterMessageSchema, parseMessage, ProtocolError, type AnyMessage } from '../../agent/protocol.ts';
import { ApiError } from '../../main/base/errors.ts';
import { validate } from '../../main/base/validate.ts';
import { ConfigError, loadConfig } from '../../main/config.ts';
import { newJobSchema } from '../../main/jobs/job-spec.ts';
import { COMMAND_STAGES, DEFAULT_TEMPLATES, loadPipeline, PIPELINE_FILE, renderTemplate, templateValues, TemplateError } from '../../main/jobs/pipeline-templates.ts';

export interface FuzzTarget {
  name: string;
  /** Checks one input; throws (fails) only on an unexpected error or a 5xx. */
  property(ctx: FuzzContext): fc.IAsyncPropertyWithHooks<unknown[]> | fc.IPropertyWithHooks<unknown[]>;
}

export interface FuzzContext {
  /** Scratch directory for file targets. */
  dir: string;
  /** A running master's HTTP API (for the REST target). */
  api: { url: string; token: string };
}

/** Strings that have broken parsers before: NUL, surrogates, traversal, huge numbers as text, YAML aliases and collection keys. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', '../../etc/passwd', '-rf', '%E0%A4%A', '__proto__', 'constructor', '1e999', '#', '*', '//depot/...', ' ', '*unset', '? [a]\n: b\n'),
);
const value: fc.Arbitrary<unknown> = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.anything({ maxDepth: 2, maxKeys: 4 }));
/** An object with keys a schema knows (or not) and values of any kind. */
const shaped = (keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(fc.oneof(fc.constantFrom(...keys), nasty), fc.oneof(value, fc.dictionary(fc.oneof(fc.constantFrom(...keys), nasty), value, { maxKeys: 4 })), { maxKeys: 8 });

const AGENT_KEYS = ['t', 'protocol', 'agent_id', 'hostname', 'version', 'pid', 'platform', 'arch', 'workspace', 'boot_id', 'commands', 'cmd_id', 'stream', 'offset', 'running', 'load', 'exit_code', 'reason', 'identity', 'labels'];
const TYPES = ['hello', 'started', 'output', 'done', 'heartbeat', 'error', 'changed', 'cert_request', 'welcome', 'exec', 'kill', 'ack', 'resend', 'done_ack'];
const JOB_KEYS = ['agent_id', 'labels', 'priority', 'spec', 'workspace', 'branch_spec', 'path', 'changelist', 'init_script', 'pre_submit_hook', 'name_check_fix_script', 'env', 'secret_env', 'description', 'limits'];
const COMMAND_KEYS = ['agent_id', 'command', 'shell', 'cwd', 'env', 'secret_env', 'timeout_s', 'secrets'];
const CONFIG_KEYS = ['data_dir', 'server', 'host', 'port', 'ssl', 'enabled', 'allow', 'api', 'local_agent', 'workspace', 'agents', 'heartbeat_interval', 'handshake_timeout', 'max_pending', 'monitoring', 'log_level', 'pipeline', 'stages', 'timeouts_s', 'retries'];
const PIPELINE_KEYS = ['stages', 'timeouts_s', 'retries', ...COMMAND_STAGES, 'argv', 'shell', 'name_check_fix_rounds', 'lock_retries'];

/** The frame bytes: whole frames of near-valid headers, or raw bytes, split anywhere. */
const frames = fc.oneof(
  fc.array(fc.record({ type: fc.option(fc.constantFrom(...TYPES)), header: shaped(AGENT_KEYS), payload: fc.uint8Array({ maxLength: 64 }) }), { maxLength: 4 })
    .map((list) => Buffer.concat(list.map((f) => encodeFrame((f.type === null ? f.header : { ...f.header, t: f.type }) as unknown as AnyMessage, Buffer.from(f.payload))))),
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
);

/** Anything but the error a bad input is meant to raise fails the property. */
function onlyRefusals(fn: () => void, ...expected: (new (...args: never[]) => Error)[]): void {
  try {
    fn();
  } catch (err) {
    if (!expected.some((kind) => err instanceof kind)) throw err;
  }
}

function yamlText(keys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(shaped(keys).map((doc) => toYaml(doc)), nasty, fc.string({ unit: 'grapheme' }));
}

export const TARGETS: FuzzTarget[] = [
  {
    name: 'agent frames',
    property: () => fc.property(frames, fc.nat({ max: 300 }), (bytes, cut) => {
      const decoder = new FrameDecoder();
      onlyRefusals(() => {
        for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
          for (const frame of decoder.push(part)) {
            onlyRefusals(() => parseMessage(agentMessageSchema, frame.header), ProtocolError);
            onlyRefusals(() => parseMessage(masterMessageSchema, frame.header), ProtocolError);
          }
        }
      }, ProtocolError);
    }),
  },
  {
    name: 'REST bodies',
    property: ({ api }) => fc.asyncProperty(
      fc.constantFrom('/api/commands', '/api/jobs', '/api/agents/bootstrap', '/api/bootstraps/x/answer', '/api/commands/%E0%A4%A/kill', '/api/jobs/x/retry', '/api/jobs/x/cleanup'),
      fc.oneof(shaped([...COMMAND_KEYS, ...JOB_KEYS]).map((b) => JSON.stringify(b)), nasty),
      async (path, body) => {
        const res = await fetch(api.url.replace(/\/$/, '') + path, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (res.status >= 500) throw new Error(`POST ${path} ${JSON.stringify(body).slice(0, 300)} → ${res.status}`);
      },
    ),
  },
  {
    name: 'job specs',
    property: () => fc.property(shaped(JOB_KEYS).chain((top) => shaped(JOB_KEYS).map((spec) => ({ ...top, spec }))), (input) => {
      onlyRefusals(() => {
        const job = validate(newJobSchema, input, 'body');
        for (const stage of COMMAND_STAGES) onlyRefusals(() => renderTemplate(stage, DEFAULT_TEMPLATES[stage], templateValues(job.spec as never, null), job.spec.init_script), TemplateError);
      }, ApiError);
    }),
  },
  {
    name: 'pipeline.yaml',
    property: ({ dir }) => fc.property(yamlText(PIPELINE_KEYS), (text) => {
      writeFileSync(join(dir, PIPELINE_FILE), text);
      onlyRefusals(() => loadPipeline(dir), TemplateError);
    }),
  },
  {
    name: 'config file',
    property: ({ dir }) => fc.property(yamlText(CONFIG_KEYS), (text) => {
      const file = join(dir, 'master.yaml');
      writeFileSync(file, text);
      onlyRefusals(() => loadConfig(file), ConfigError);
    }),
  },
];

/** Runs one target; returns a one-line report, or throws fast-check's report of the failure. */
export async function runTarget(target: FuzzTarget, ctx: FuzzContext, numRuns: number, seed: number): Promise<string> {
  mkdirSync(ctx.dir, { recursive: true });
  const started = Date.now();
  await fc.assert(target.property(ctx) as fc.IAsyncPropertyWithHooks<unknown[]>, { numRuns, seed, endOnFailure: true });
  return `${target.name}: ${numRuns} cases, no crash, no 5xx (${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed})`;
}
