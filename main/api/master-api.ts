// The one MasterApi object: every face of the app (IPC, REST, WebSocket) calls these methods.
import type { AgentDto, CancelOptions, CommandDto, CommandQuery, Health, JobQuery, MasterApi, NewCommand, NewJob, NotificationChoices, OutputSlice, ResolveConflictRequest, SecretValues, SettingsDto, StreamName } from '../../preload/api.ts';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import type { CommandDispatcher } from '../agents/command-dispatcher.ts';
import type { Bootstrapper } from '../bootstrap/bootstrapper.ts';
import type { EventHub } from '../events.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import { cancelOptionsSchema, jobQuerySchema, newJobSchema, resolveConflictSchema, secretValuesSchema } from '../jobs/job-spec.ts';
import type { Store } from '../store/store.ts';
import { ApiError } from '../base/errors.ts';
import { validate } from '../base/validate.ts';
import { commandQuerySchema, newCommandSchema, notificationChoicesSchema, outputSearchSchema, streamSchema } from './schemas.ts';

const NOTIFICATIONS_KEY = 'notifications';
/** Until someone chooses: every job event that wants the user notifies. */
const DEFAULT_NOTIFICATIONS: NotificationChoices = { needs_resolve: true, blocked: true, done: true, error: true };

/** Largest output slice one call returns. */
export const MAX_OUTPUT_SLICE = 4 * 1024 * 1024;

export interface ApiDeps {
  store: Store;
  registry: AgentRegistry;
  dispatcher: CommandDispatcher;
  events: EventHub;
  engine: JobEngine;
  /** Absent in tests that build the API without SSH. */
  bootstrapper?: Bootstrapper;
  version: string;
  listener: { port: number; tls: boolean };
  /** Who is calling, for the audit trail (e.g. "api", "desktop"). */
  actor: string;
  /** The read-only settings view (ports are known only once the listeners are up). */
  settings: () => SettingsDto;
  /** The master's local agent, if it runs one: its id, and why it is not running (or null). */
  localAgent?: { agentId: string; problem: () => string | null };
}

export function createMasterApi(deps: ApiDeps): MasterApi {
  const { store, registry, dispatcher, events, engine } = deps;
  const command = (cmdId: string): CommandDto => {
    const found = store.commands.get(String(cmdId));
    if (!found) throw new ApiError(404, `unknown command "${cmdId}"`);
    return found;
  };
  /** An operator's enrolment decision; a rejected agent is cut off at once. */
  const decide = (agentId: string, state: 'accepted' | 'rejected'): void => {
    if (!store.agents.setEnrolment(agentId, state)) throw new ApiError(404, `unknown agent "${agentId}"`);
    store.audit.record(deps.actor, state === 'accepted' ? 'agent.accept' : 'agent.reject', agentId);
    if (state === 'rejected') registry.sessionFor(agentId)?.destroy();
    registry.publish(agentId);
  };
  const notifications = (): NotificationChoices => {
    // A stored value of an older shape keeps the defaults for what it lacks.
    const stored = notificationChoicesSchema.safeParse(store.settings.get(NOTIFICATIONS_KEY));
    return { ...DEFAULT_NOTIFICATIONS, ...(stored.success ? stored.data : {}) };
  };
  const ssh = (): Bootstrapper => {
    if (!deps.bootstrapper) throw new ApiError(503, 'this master has no SSH bootstrapper');
    return deps.bootstrapper;
  };
  return {
    health: async () => {
      const writes = store.writer.health;
      let storeState: Health['store'] = writes.ok ? { ok: true } : { ok: false, error: writes.error ?? 'store writes fail' };
      let agents: AgentDto[] = [];
      try {
        agents = registry.list();
      } catch (err) {
        storeState = { ok: false, error: (err as Error).message };
      }
      let localAgent: Health['local_agent'] = null;
      if (deps.localAgent) {
        const { agentId, problem } = deps.localAgent;
        const online = agents.some((a) => a.agent_id === agentId && a.status === 'online');
        localAgent = { online, error: online ? null : problem() };
      }
      const ok = storeState.ok && !localAgent?.error;
      return { ok, version: deps.version, store: storeState, search: { index_current: store.search.current }, listener: deps.listener, agents: { online: registry.onlineCount(), known: agents.length }, local_agent: localAgent };
    },
    agents: {
      list: async () => registry.list(),
      accept: async (agentId: string) => decide(String(agentId), 'accepted'),
      reject: async (agentId: string) => decide(String(agentId), 'rejected'),
    },
    commands: {
      create: async (input: NewCommand) => ({ cmd_id: dispatcher.create(validate(newCommandSchema, input, 'body'), deps.actor) }),
      get: async (cmdId: string) => command(cmdId),
      output: async (cmdId: string, stream: StreamName, offset: number, limit = MAX_OUTPUT_SLICE): Promise<OutputSlice> => {
        command(cmdId);
        validate(streamSchema, stream, 'stream');
        if (!Number.isSafeInteger(offset) || offset < 0) throw new ApiError(400, 'offset: must be a whole number >= 0');
        if (!Number.isSafeInteger(limit) || limit < 1) throw new ApiError(400, 'limit: must be a whole number >= 1');
        const { data, nextOffset } = store.output.read(cmdId, stream, offset, Math.min(Math.max(1, limit), MAX_OUTPUT_SLICE));
        return { data, next_offset: nextOffset, line: store.output.lineAt(cmdId, stream, offset), times: store.output.times(cmdId, stream, offset, nextOffset) };
      },
      search: async (cmdId: string, stream: StreamName, text: string, limit = 1000) => {
        command(cmdId);
        validate(streamSchema, stream, 'stream');
        const query = validate(outputSearchSchema, { text, limit }, 'query');
        // A batch of chunks per event-loop turn, so a search of a long output does not stall the master.
        const steps = store.output.search(cmdId, stream, Buffer.from(query.text), query.limit ?? 1000);
        for (let step = steps.next(); ; step = steps.next()) {
          if (step.done) return step.value;
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
      lineOffset: async (cmdId: string, stream: StreamName, line: number) => {
        command(cmdId);
        validate(streamSchema, stream, 'stream');
        if (!Number.isSafeInteger(line) || line < 1) throw new ApiError(400, 'line: must be a whole number >= 1');
        const offset = store.output.offsetOfLine(cmdId, stream, line);
        if (offset === null) throw new ApiError(404, `line ${line}: the ${stream} of command "${cmdId}" has fewer lines`);
        return { offset };
      },
      list: async (query: CommandQuery = {}) => store.commands.list(validate(commandQuerySchema, query, 'query')),
      kill: async (cmdId: string) => dispatcher.kill(cmdId, deps.actor),
    },
    jobs: {
      create: async (input: NewJob) => ({ job_id: engine.create(validate(newJobSchema, input, 'body') as NewJob, deps.actor) }),
      preview: async (input: NewJob) => engine.preview(validate(newJobSchema, input, 'body') as NewJob, deps.actor),
      list: async (query: JobQuery = {}) => engine.list(validate(jobQuerySchema, query, 'query')),
      get: async (jobId: string) => engine.get(String(jobId)),
      logs: async (jobId: string) => engine.logs(String(jobId)),
      continue: async (jobId: string) => engine.continue(String(jobId), deps.actor),
      resolveConflict: async (jobId: string, request: ResolveConflictRequest) => engine.resolveConflict(String(jobId), deps.actor, validate(resolveConflictSchema, request, 'body')),
      cancel: async (jobId: string, options: CancelOptions = {}) => engine.cancel(String(jobId), deps.actor, validate(cancelOptionsSchema, options ?? {}, 'body')),
      cleanup: async (jobId: string, values: SecretValues = {}) => engine.cleanup(String(jobId), deps.actor, validate(secretValuesSchema, values ?? {}, 'body').secrets),
      retry: async (jobId: string, values: SecretValues = {}) => ({ job_id: engine.retry(String(jobId), deps.actor, validate(secretValuesSchema, values ?? {}, 'body').secrets) }),
    },
    settings: {
      get: async () => deps.settings(),
      notifications: async () => notifications(),
      setNotifications: async (choices) => {
        const next = { ...notifications(), ...validate(notificationChoicesSchema, choices, 'body') };
        store.settings.set(NOTIFICATIONS_KEY, next);
        store.audit.record(deps.actor, 'settings.notifications', null, { ...next });
        events.emit({ type: 'notifications', notifications: next });
        return next;
      },
    },
    audit: {
      list: async (afterId = 0, limit = 1000) => {
        if (!Number.isSafeInteger(afterId) || afterId < 0) throw new ApiError(400, 'after: must be a whole number >= 0');
        if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw new ApiError(400, 'limit: must be 1-10000');
        return store.audit.list(afterId, limit);
      },
    },
    bootstraps: {
      start: async (input) => ({ bootstrap_id: ssh().start(input, deps.actor) }),
      get: async (id) => ssh().get(String(id)),
      list: async (limit) => ssh().list(limit),
      hosts: async () => ssh().hosts(),
      answer: async (id, promptId, answers) => ssh().answer(String(id), { prompt_id: promptId, answers }),
      approveHostKey: async (id, fingerprint) => ssh().approveHostKey(String(id), { fingerprint }, deps.actor),
      cancel: async (id) => ssh().cancel(String(id), deps.actor),
      stopAgent: async (agentId) => ({ bootstrap_id: ssh().stopAgent(String(agentId), deps.actor) }),
      restartAgent: async (agentId) => ({ bootstrap_id: ssh().restartAgent(String(agentId), deps.actor) }),
    },
    onEvent: (listener) => events.on(listener),
  };
}
