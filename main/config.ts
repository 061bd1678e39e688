// The master's one config file (YAML), in sections: server, api, agents, local_agent,
// state_management, resources, monitoring, pipeline. Command-line flags override it;
// docs/configuration.md lists every key.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isProcessText, PROCESS_TEXT_PROBLEM } from '../agent/protocol.ts';
import { pipelineSchema, readYaml, schemaError, TemplateError, type PipelineConfig, type YamlFile } from './jobs/pipeline-templates.ts';
import { parseAllowRule } from './security/enrolment.ts';
import type { MasterOptions } from './master.ts';
import type { LogOptions } from './observe/log.ts';

/** Paths and host names end up in system calls and argv: no NUL. */
const text = z.string().min(1).refine(isProcessText, PROCESS_TEXT_PROBLEM);
const port = z.number().int().min(0).max(65535);
const seconds = z.number().positive().max(7 * 24 * 3600);
const count = z.number().int().min(1).max(1_000_000);
const allowRule = z.string().refine((v) => {
  try {
    parseAllowRule(v);
    return true;
  } catch {
    return false;
  }
}, 'must be ip:CIDR, host:NAME or cn:AGENT_ID (* allowed in names)');

export const configSchema = z.object({
  data_dir: text.optional(),
  server: z.object({
    host: text.optional(),
    port: port.optional(),
    ssl: z.object({ enabled: z.boolean().optional() }).strict().optional(),
    allow: z.array(allowRule).optional(),
  }).strict().optional(),
  api: z.object({ host: text.optional(), port: port.optional() }).strict().optional(),
  local_agent: z.object({ enabled: z.boolean().optional(), workspace: text.optional() }).strict().optional(),
  agents: z.object({
    heartbeat_interval: seconds.optional(),
    lost_after: seconds.optional(),
    kill_grace: seconds.optional(),
    handshake_timeout: z.number().positive().max(600).optional(),
    max_unauthenticated: count.optional(),
    max_unauthenticated_per_address: count.optional(),
    max_pending: count.optional(),
    new_identities_per_minute: count.optional(),
  }).strict().optional(),
  state_management: z.object({ resolve_check_interval: seconds.optional(), agent_lost_after_s: seconds.optional() }).strict().optional(),
  resources: z.object({ max_concurrent_jobs: z.number().int().min(1).max(1000).optional() }).strict().optional(),
  monitoring: z.object({
    metrics_port: port.nullable().optional(),
    metrics_host: text.optional(),
    log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
    log_file: text.optional(),
    log_max_size_mb: z.number().positive().max(10_240).optional(),
    log_max_files: z.number().int().min(1).max(1000).optional(),
  }).strict().optional(),
  pipeline: pipelineSchema.optional(),
}).strict();

export class ConfigError extends Error {}

export interface LoadedConfig {
  options: Partial<MasterOptions>;
  log: Partial<LogOptions>;
  pipeline: PipelineConfig;
}

/** The default place of the config file, used when it exists and --config is not given. */
export function defaultConfigPath(): string {
  return process.env.P4I_CONFIG ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'p4-integrator', 'master.yaml');
}

export function loadConfig(file: string | null): LoadedConfig {
  const path = file ?? defaultConfigPath();
  if (!existsSync(path)) {
    if (file !== null) throw new ConfigError(`config file ${path} does not exist`);
    return { options: {}, log: {}, pipeline: {} };
  }
  let doc: YamlFile;
  try {
    doc = readYaml(path);
  } catch (err) {
    throw new ConfigError((err as TemplateError).message);
  }
  const result = configSchema.safeParse(doc.data);
  if (!result.success) throw new ConfigError(schemaError(path, result.error, doc.lineOf));
  const c = result.data;
  const ms = (s: number | undefined): number | undefined => (s === undefined ? undefined : s * 1000);
  const options: Partial<MasterOptions> = {
    dataDir: c.data_dir === undefined ? undefined : resolve(c.data_dir),
    agentHost: c.server?.host,
    agentPort: c.server?.port,
    insecure: c.server?.ssl?.enabled === undefined ? undefined : !c.server.ssl.enabled,
    allow: c.server?.allow?.map(parseAllowRule),
    httpHost: c.api?.host,
    httpPort: c.api?.port,
    localAgent: c.local_agent?.enabled,
    localWorkspace: c.local_agent?.workspace === undefined ? undefined : resolve(c.local_agent.workspace),
    heartbeatMs: ms(c.agents?.heartbeat_interval),
    lostAfterMs: ms(c.agents?.lost_after),
    killGraceMs: ms(c.agents?.kill_grace),
    handshakeTimeoutMs: ms(c.agents?.handshake_timeout),
    maxUnauthenticated: c.agents?.max_unauthenticated,
    maxUnauthenticatedPerAddress: c.agents?.max_unauthenticated_per_address,
    maxPendingAgents: c.agents?.max_pending,
    newIdentitiesPerMinute: c.agents?.new_identities_per_minute,
    watcherIntervalMs: ms(c.state_management?.resolve_check_interval),
    agentLostAfterMs: ms(c.state_management?.agent_lost_after_s),
    maxRunningJobs: c.resources?.max_concurrent_jobs,
    metricsPort: c.monitoring?.metrics_port,
    metricsHost: c.monitoring?.metrics_host,
  };
  const log: Partial<LogOptions> = {
    level: c.monitoring?.log_level,
    file: c.monitoring?.log_file === undefined ? undefined : resolve(c.monitoring.log_file),
    maxSizeBytes: c.monitoring?.log_max_size_mb === undefined ? undefined : c.monitoring.log_max_size_mb * 1024 * 1024,
    maxFiles: c.monitoring?.log_max_files,
  };
  return { options: dropUndefined(options), log: dropUndefined(log), pipeline: c.pipeline ?? {} };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
