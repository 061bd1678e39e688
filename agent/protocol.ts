// Wire protocol v1 between the master and its agents, and the rules both sides apply to what it
// carries (ids, env names, which env values are secret). The one file main/ imports from agent/;
// it must stay free of anything but node builtins and zod/mini (bundled into dist/agent.cjs;
// the tree-shakable zod/mini keeps the agent's memory small).
//
// Frame layout (all integers big-endian):
//   u32 bodyLength | u32 headerLength | header (UTF-8 JSON) | payload (raw bytes)
// bodyLength counts everything after itself. Output bytes travel as the payload, never as
// JSON text, so a 64 KiB chunk costs 64 KiB on the wire. See docs/protocol.md.
import * as z from 'zod/mini';

export const PROTOCOL_VERSION = 1;
/** Hard limit for one frame (header + payload); anything larger closes the connection. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Largest header JSON accepted: output travels as payload, but a signed EXEC is all header. */
export const MAX_HEADER_BYTES = 512 * 1024;
/** The agent coalesces output up to this many bytes per OUTPUT frame... */
export const CHUNK_BYTES = 64 * 1024;
/** ...or for at most this long. */
export const CHUNK_MS = 20;
export const DEFAULT_HEARTBEAT_MS = 5000;
/** CN of the master's TLS certificate; agents check it (the CA is this master's own). */
export const MASTER_CN = 'p4-integrator-master';
/** How long a signed EXEC/KILL/WELCOME stays valid after it was issued. */
export const COMMAND_TTL_MS = 120_000;
/** How far the agent's clock may be from the master's for a signed message to be judged fresh. */
export const MAX_CLOCK_SKEW_MS = 120_000;
/** Label of the TLS keying material an agent identity signs (RFC 5705 exporter). */
export const IDENTITY_EKM_LABEL = 'EXPORTER-p4-integrator-agent-identity';
/** Silence of this many heartbeats makes the peer unresponsive. */
export const MISSED_BEATS_LIMIT = 3;

/** A process takes argv, env and cwd as C strings, which end at a NUL byte: such text cannot reach it. */
export function isProcessText(text: string): boolean {
  return !text.includes('\u0000');
}
export const PROCESS_TEXT_PROBLEM = 'must not contain a NUL byte (a process cannot take one)';

export class ProtocolError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const id = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_", ":" or "-"'));
const offset = z.int().check(z.nonnegative());
const stream = z.enum(['stdout', 'stderr']);
export type StreamName = z.infer<typeof stream>;
export const STREAMS: readonly StreamName[] = ['stdout', 'stderr'];

export const agentIdSchema = id;
export const cmdIdSchema = id;

/** Env names whose values are secret even when the job does not say so. */
const SECRET_NAME = /PASSW|TOKEN|SECRET|TICKET|CREDENTIAL|API_?KEY/i;

/** What a secret value shows as: in output, in views, and in the master's store once erased. */
export const SECRET_MASK = '***';

/** Whether an env value is secret: the agent masks it in output, the master in stored specs. */
export function isSecretEnv(name: string, secretNames: readonly string[]): boolean {
  return secretNames.includes(name) || SECRET_NAME.test(name);
}

/** Why a command ended, as the agent saw it. */
const endReason = z.enum(['exit', 'signal', 'killed', 'timeout', 'spawn-error', 'lost']);
export type EndReason = z.infer<typeof endReason>;

const ending = z.object({
  exit_code: z.nullable(z.int()),
  signal: z.nullable(z.string().check(z.maxLength(32))),
  reason: endReason,
  error: z.nullable(z.string().check(z.maxLength(4096))),
  started_at: z.nullable(z.number()),
  ended_at: z.number(),
  duration_ms: z.number().check(z.nonnegative()),
  /** Total bytes the command wrote per stream: the master has everything when its ends match. */
  stdout_end: offset,
  stderr_end: offset,
});
export type CommandEnding = z.infer<typeof ending>;

const commandReport = z.object({
  cmd_id: id,
  state: z.enum(['running', 'ended']),
  pid: z.nullable(z.int()),
  started_at: z.nullable(z.number()),
  stdout_end: offset,
  stderr_end: offset,
  ending: z.nullable(ending),
});
export type CommandReport = z.infer<typeof commandReport>;

// ---- agent → master -------------------------------------------------------------------

const hello = z.object({
  t: z.literal('hello'),
  protocol: z.int(),
  agent_id: id,
  hostname: z.string().check(z.maxLength(255)),
  version: z.string().check(z.maxLength(64)),
  pid: z.int(),
  platform: z.string().check(z.maxLength(32)),
  arch: z.string().check(z.maxLength(32)),
  workspace: z.string().check(z.maxLength(4096)),
  /** Random per agent process: tells the master the agent restarted. */
  boot_id: z.string().check(z.maxLength(64)),
  /** How kill reaches a command's processes: its own cgroup (cgroup.kill), or its process group. */
  kill_mode: z.optional(z.enum(['cgroup', 'process-group'])),
  /** How each job limit binds: through the command's cgroup (the whole command), or ulimit per process. */
  limit_modes: z.optional(z.object({ cpu_s: z.enum(['cgroup', 'ulimit']), memory_mb: z.enum(['cgroup', 'ulimit']) })),
  token: z.optional(z.string().check(z.maxLength(512))),
  /**
   * For an agent without a certificate from this master: its own Ed25519 public key (SPKI DER,
   * base64) and a signature of the TLS session's exported keying material, proving it holds
   * the key on this very connection. Unknown keys wait for approval (enrolment).
   */
  identity: z.optional(z.object({ public_key: z.string().check(z.maxLength(4096)), signature: z.string().check(z.maxLength(4096)) })),
  /** Free-form labels the scheduler matches jobs against (e.g. "linux", "big"). */
  labels: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z0-9._:=-]{1,64}$/))).check(z.maxLength(64))),
  commands: z.array(commandReport).check(z.maxLength(10_000)),
});

const started = z.object({ t: z.literal('started'), cmd_id: id, pid: z.int(), started_at: z.number() });
const output = z.object({ t: z.literal('output'), cmd_id: id, stream, offset });
const done = z.object({ t: z.literal('done'), cmd_id: id, ...ending.shape });
const heartbeat = z.object({
  t: z.literal('heartbeat'),
  running: z.int().check(z.nonnegative()),
  load: z.tuple([z.number(), z.number(), z.number()]),
  mem_free: z.number().check(z.nonnegative()),
  mem_total: z.number().check(z.nonnegative()),
  uptime_s: z.number().check(z.nonnegative()),
});
const errorMsg = z.object({ t: z.literal('error'), code: z.string().check(z.maxLength(64)), message: z.string().check(z.maxLength(4096)), cmd_id: z.optional(id) });
/** Answer to RENEW_CERT: a fresh P-256 public key (SPKI DER, base64) to certify. */
const certRequest = z.object({ t: z.literal('cert_request'), public_key: z.string().check(z.maxLength(4096)) });
/** Watched files changed (debounced); paths as the master gave them. */
const changed = z.object({ t: z.literal('changed'), watch_id: id, paths: z.array(z.string().check(z.maxLength(4096))).check(z.maxLength(10_000)) });

export const agentMessageSchema = z.discriminatedUnion('t', [hello, started, output, done, heartbeat, errorMsg, changed, certRequest]);
export type AgentMessage = z.infer<typeof agentMessageSchema>;
export type HelloMessage = z.infer<typeof hello>;
export type OutputMessage = z.infer<typeof output>;
export type DoneMessage = z.infer<typeof done>;
export type HeartbeatMessage = z.infer<typeof heartbeat>;

// ---- master → agent -------------------------------------------------------------------

/** An environment variable name, as the shells on every build host accept it. */
export const envNameSchema = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env names are letters, digits and "_"'));
export const envSchema = z.record(envNameSchema, z.string().check(z.maxLength(32_768)));
/** Resource limits: through the command's cgroup where the agent has one (hello.limit_modes), else ulimit. */
export const limitsSchema = z.object({
  cpu_s: z.optional(z.int().check(z.positive())),
  memory_mb: z.optional(z.int().check(z.positive())),
  open_files: z.optional(z.int().check(z.positive())),
});

const tmpName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a plain name'));

export const execSpecSchema = z.object({
  cmd_id: id,
  /** argv array (no shell), or one shell line run by /bin/sh -c when shell is true. */
  command: z.union([z.array(z.string().check(z.maxLength(65_536))).check(z.minLength(1), z.maxLength(4096)), z.string().check(z.minLength(1), z.maxLength(65_536))]),
  shell: z.boolean(),
  cwd: z.nullable(z.string().check(z.maxLength(4096))),
  env: envSchema,
  timeout_s: z.nullable(z.number().check(z.positive(), z.maximum(7 * 24 * 3600))),
  /** Env names whose values are masked in the output (P4PASSWD and *TOKEN*-like names always are). */
  secret_env: z.optional(z.nullable(z.array(z.string().check(z.maxLength(256))).check(z.maxLength(256)))),
  /** A private TMPDIR for the command: <spool-dir>/tmp/<name>, created by the agent. */
  tmpdir: z.optional(z.nullable(tmpName)),
  limits: z.optional(z.nullable(limitsSchema)),
}).check(z.refine((m) => m.shell === (typeof m.command === 'string'), {
  message: 'command must be a string when shell is true and an argv array when it is false',
  path: ['command'],
}));
export type ExecSpec = z.infer<typeof execSpecSchema>;

/** The commands the agent reported, as the master sees them (the signed part of WELCOME). */
const welcomeContent = {
  heartbeat_ms: z.int().check(z.positive()),
  /** Per reported command: the offsets the master has stored; the agent resends from there. */
  resume: z.array(z.object({ cmd_id: id, stdout: offset, stderr: offset })),
  /** Reported commands the master does not want (unknown or already final): kill and drop. */
  forget: z.array(id),
};
/**
 * EXEC, KILL and WELCOME carry their content as a JSON text (`body`) with an Ed25519 signature over
 * exactly those bytes, an expiry and a nonce inside: the agent refuses unsigned, badly signed,
 * expired and replayed commands.
 */
const signed = { body: z.string().check(z.maxLength(MAX_FRAME_BYTES)), sig: z.optional(z.string().check(z.maxLength(512))) };
/** heartbeat_ms, resume and forget travel only inside the signed body (welcomeBodySchema). */
const welcome = z.object({
  t: z.literal('welcome'),
  protocol: z.int(),
  /** Ed25519 public key (SPKI PEM) that signs every EXEC and KILL; the agent pins it. */
  signing_key: z.string().check(z.maxLength(4096)),
  /** The master's clock (informational: freshness is judged by the signed body's own time). */
  server_time: z.number(),
  ...signed,
});
const exec = z.object({ t: z.literal('exec'), ...signed });
const kill = z.object({ t: z.literal('kill'), ...signed });
/** Every signed body names its agent and carries its issue time, expiry and a nonce. */
const freshness = { agent_id: id, nonce: z.string().check(z.minLength(16), z.maxLength(64)), iat: z.number(), exp: z.number() };
export const execBodySchema = z.object({ spec: execSpecSchema, ...freshness });
export const killBodySchema = z.object({ cmd_id: id, grace_ms: z.int().check(z.nonnegative(), z.maximum(600_000)), ...freshness });
export const welcomeBodySchema = z.object({ ...welcomeContent, ...freshness });
export type ExecBody = z.infer<typeof execBodySchema>;
export type WelcomeBody = z.infer<typeof welcomeBodySchema>;
export type KillBody = z.infer<typeof killBodySchema>;
/** Ask the agent for a new key to certify (its certificate expires soon). */
const renewCert = z.object({ t: z.literal('renew_cert') });
/** The renewed client certificate (PEM) for the key from CERT_REQUEST. */
const cert = z.object({ t: z.literal('cert'), cert_pem: z.string().check(z.maxLength(16_384)) });
const ack = z.object({ t: z.literal('ack'), cmd_id: id, stream, offset });
const resend = z.object({ t: z.literal('resend'), cmd_id: id, stream, offset });
const doneAck = z.object({ t: z.literal('done_ack'), cmd_id: id });
const pong = z.object({ t: z.literal('pong') });
const shutdown = z.object({ t: z.literal('shutdown'), reason: z.string().check(z.maxLength(1024)) });
/** Watch files (absolute, or relative to the workspace) and report changes as CHANGED. */
const watch = z.object({ t: z.literal('watch'), watch_id: id, paths: z.array(z.string().check(z.minLength(1), z.maxLength(4096))).check(z.maxLength(10_000)), debounce_ms: z.int().check(z.nonnegative(), z.maximum(60_000)) });
const unwatch = z.object({ t: z.literal('unwatch'), watch_id: id });
/** Remove a TMPDIR made for EXEC.tmpdir (the job it belonged to has ended). */
const purgeTmp = z.object({ t: z.literal('purge_tmp'), tmpdir: tmpName });

export const masterMessageSchema = z.discriminatedUnion('t', [welcome, exec, kill, ack, resend, doneAck, pong, shutdown, errorMsg, watch, unwatch, purgeTmp, renewCert, cert]);
export type MasterMessage = z.infer<typeof masterMessageSchema>;
export type WelcomeMessage = z.infer<typeof welcome>;

export type AnyMessage = AgentMessage | MasterMessage;

// ---- framing --------------------------------------------------------------------------

export interface Frame {
  header: unknown;
  payload: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function encodeFrame(header: AnyMessage, payload: Buffer = EMPTY): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const body = 4 + json.length + payload.length;
  if (body > MAX_FRAME_BYTES) throw new ProtocolError('frame_too_large', `frame of ${body} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`);
  const out = Buffer.allocUnsafe(4 + body);
  out.writeUInt32BE(body, 0);
  out.writeUInt32BE(json.length, 4);
  json.copy(out, 8);
  payload.copy(out, 8 + json.length);
  return out;
}

/**
 * Incremental frame decoder. Keeps a list of received buffers and only concatenates when a
 * whole frame is present, so a frame split in many small reads costs O(frame) not O(n²).
 * Any violation throws ProtocolError; the caller closes the connection.
 */
export class FrameDecoder {
  private parts: Buffer[] = [];
  private buffered = 0;

  push(data: Buffer): Frame[] {
    this.parts.push(data);
    this.buffered += data.length;
    const frames: Frame[] = [];
    while (this.buffered >= 4) {
      const body = this.peekLength();
      if (body < 4) throw new ProtocolError('bad_frame', `frame body of ${body} bytes is shorter than its header length field`);
      if (body > MAX_FRAME_BYTES) throw new ProtocolError('frame_too_large', `frame of ${body} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`);
      if (this.buffered < 4 + body) break;
      const whole = this.take(4 + body);
      const headerLength = whole.readUInt32BE(4);
      if (headerLength > body - 4 || headerLength > MAX_HEADER_BYTES) {
        throw new ProtocolError('bad_frame', `header length ${headerLength} does not fit in a ${body}-byte frame`);
      }
      let header: unknown;
      try {
        header = JSON.parse(whole.toString('utf8', 8, 8 + headerLength));
      } catch {
        throw new ProtocolError('bad_frame', 'frame header is not valid JSON');
      }
      frames.push({ header, payload: whole.subarray(8 + headerLength) });
    }
    return frames;
  }

  /** Bytes held for an incomplete frame (bounded by MAX_FRAME_BYTES + one read). */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.parts[0]!;
    if (first.length >= 4) return first.readUInt32BE(0);
    return this.take(4, true).readUInt32BE(0);
  }

  private take(n: number, peek = false): Buffer {
    const first = this.parts[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (!peek) {
        if (first.length === n) this.parts.shift();
        else this.parts[0] = first.subarray(n);
      }
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      let i = 0;
      while (filled < n) {
        const part = this.parts[i]!;
        const used = Math.min(part.length, n - filled);
        part.copy(out, filled, 0, used);
        filled += used;
        if (!peek) {
          if (used === part.length) {
            this.parts.shift();
            continue;
          }
          this.parts[0] = part.subarray(used);
        }
        i++;
      }
    }
    if (!peek) this.buffered -= n;
    return out;
  }
}

/** Validates a decoded header; returns a readable reason for the first problem. */
export function parseMessage<T>(schema: z.ZodMiniType<T>, header: unknown): T {
  const result = schema.safeParse(header);
  if (result.success) return result.data;
  const type = typeof header === 'object' && header !== null && 't' in header ? String((header as { t: unknown }).t).slice(0, 40) : '?';
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 't';
  const known = issue?.code === 'invalid_union' && where === 't';
  throw new ProtocolError(known ? 'unknown_message' : 'bad_message', known
    ? `unknown message type "${type}"`
    : `invalid "${type}" message: ${where}: ${issue?.message ?? 'invalid'}`);
}
