// The one MasterApi object: every face of the app (IPC, REST, WebSocket) calls these methods.
import type { CommandDto, JobQuery, MasterApi, NewCommand, NewJob, OutputSlice, StreamName } from '../../preload/api.ts';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import type { CommandDispatcher } from '../agents/command-dispatcher.ts';
import type { EventHub } from '../events.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import { jobQuerySchema, newJobSchema } from '../jobs/job-spec.ts';
import type { Store } from '../store/store.ts';
import { ApiError } from './api-error.ts';
import { newCommandSchema, streamSchema, validate } from './schemas.ts';

/** Largest output slice one call returns. */
export const MAX_OUTPUT_SLICE = 4 * 1024 * 1024;

export interface ApiDeps {
  store: Store;
  registry: AgentRegistry;
  dispatcher: CommandDispatcher;
  events: EventHub;
  engine: JobEngine;
  version: string;
  /** Who is calling, for the audit trail (e.g. "api", "desktop"). */
  actor: string;
}

export function createMasterApi(deps: ApiDeps): MasterApi {
  const { store, registry, dispatcher, events, engine } = deps;
  const command = (cmdId: string): CommandDto => {
    const found = store.commands.get(String(cmdId));
    if (!found) throw new ApiError(404, `unknown command "${cmdId}"`);
    return found;
  };
  return {
    health: async () => ({ ok: true, version: deps.version }),
    agents: {
      list: async () => registry.list(),
    },
    commands: {
      create: async (input: NewCommand) => ({ cmd_id: dispatcher.create(validate(newCommandSchema, input, 'body'), deps.actor) }),
      get: async (cmdId: string) => command(cmdId),
      output: async (cmdId: string, stream: StreamName, offset: number, limit = MAX_OUTPUT_SLICE): Promise<OutputSlice> => {
        command(cmdId);
        validate(streamSchema, stream, 'stream');
        if (!Number.isSafeInteger(offset) || offset < 0) throw new ApiError(400, 'offset: must be a whole number >= 0');
        const { data, nextOffset } = store.output.read(cmdId, stream, offset, Math.min(Math.max(1, limit), MAX_OUTPUT_SLICE));
        return { data, next_offset: nextOffset };
      },
      kill: async (cmdId: string) => dispatcher.kill(cmdId, deps.actor),
    },
    jobs: {
      create: async (input: NewJob) => ({ job_id: engine.create(validate(newJobSchema, input, 'body') as NewJob, deps.actor) }),
      list: async (query: JobQuery = {}) => engine.list(validate(jobQuerySchema, query, 'query')),
      get: async (jobId: string) => engine.get(String(jobId)),
      logs: async (jobId: string) => engine.logs(String(jobId)),
      continue: async (jobId: string) => engine.continue(String(jobId), deps.actor),
      cancel: async (jobId: string) => engine.cancel(String(jobId), deps.actor),
    },
    onEvent: (listener) => events.on(listener),
  };
}
