// SSH bootstraps as the master reports them (`bootstrap` events carry the whole BootstrapDto),
// the Host aliases of ~/.ssh/config for suggestions, and the one bootstrap the dialog follows.
// Prompt answers (passwords, passphrases) never pass through here: the dialog sends them
// straight from its inputs to the API.
import type { BootstrapDto, NewBootstrap, SshHostDto } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import type { SliceCreator } from './types.ts';

/** The Bootstrap dialog: closed, the form, or following one bootstrap. */
export type BootstrapDialog = { open: false } | { open: true; following: string | null };

export interface BootstrapsSlice {
  bootstraps: Record<string, BootstrapDto>;
  bootstrapsError: string | null;
  sshHosts: SshHostDto[];
  bootstrapDialog: BootstrapDialog;
  loadBootstraps(): Promise<void>;
  loadSshHosts(): Promise<void>;
  upsertBootstrap(bootstrap: BootstrapDto): void;
  openBootstrapDialog(following?: string | null): void;
  closeBootstrapDialog(): void;
  /** Starts one and follows it in the dialog; rejects with the master's ApiCallError. */
  startBootstrap(input: NewBootstrap): Promise<string>;
  /** Stop or restart a bootstrapped agent (over SSH again), followed in the dialog. */
  agentOverSsh(agentId: string, action: 'stop' | 'restart'): Promise<void>;
  /** Passes the answers straight to the master: they are not kept in the store. */
  answerBootstrap(bootstrapId: string, promptId: string, answers: string[]): Promise<void>;
  approveHostKey(bootstrapId: string, fingerprint: string): Promise<void>;
  cancelBootstrap(bootstrapId: string): Promise<void>;
}

/** Bootstraps to list on the Agents screen (newest first). */
const LIST_LIMIT = 50;

export const bootstrapsSlice: SliceCreator<BootstrapsSlice> = (set, get, api) => {
  /** Reads one now (events may have come before the dialog subscribed). */
  const refresh = async (id: string) => {
    try {
      const b = await api.bootstraps.get(id);
      set({ bootstraps: { ...get().bootstraps, [id]: newer(get().bootstraps[id], b) } });
    } catch {
      // events keep it current anyway
    }
  };
  return {
    bootstraps: {},
    bootstrapsError: null,
    sshHosts: [],
    bootstrapDialog: { open: false },
    loadBootstraps: async () => {
      try {
        const list = await api.bootstraps.list(LIST_LIMIT);
        // Events newer than the list win (a bootstrap may have moved on meanwhile).
        const current = get().bootstraps;
        const next: Record<string, BootstrapDto> = {};
        for (const b of list) next[b.bootstrap_id] = newer(current[b.bootstrap_id], b);
        for (const b of Object.values(current)) if (!next[b.bootstrap_id]) next[b.bootstrap_id] = b;
        set({ bootstraps: next, bootstrapsError: null });
      } catch (err) {
        set({ bootstrapsError: errorText(err) });
      }
    },
    loadSshHosts: async () => {
      try {
        set({ sshHosts: await api.bootstraps.hosts() });
      } catch {
        set({ sshHosts: [] }); // suggestions only: the host field still takes any name
      }
    },
    // Events arrive in order and carry the whole state: the latest one is the truth.
    upsertBootstrap: (b) => set({ bootstraps: { ...get().bootstraps, [b.bootstrap_id]: b } }),
    openBootstrapDialog: (following = null) => set({ bootstrapDialog: { open: true, following } }),
    closeBootstrapDialog: () => set({ bootstrapDialog: { open: false } }),
    startBootstrap: async (input) => {
      const { bootstrap_id } = await api.bootstraps.start(input);
      set({ bootstrapDialog: { open: true, following: bootstrap_id } });
      await refresh(bootstrap_id);
      return bootstrap_id;
    },
    agentOverSsh: async (agentId, action) => {
      try {
        const { bootstrap_id } = await (action === 'stop' ? api.bootstraps.stopAgent(agentId) : api.bootstraps.restartAgent(agentId));
        set({ bootstrapDialog: { open: true, following: bootstrap_id }, bootstrapsError: null });
        await refresh(bootstrap_id);
      } catch (err) {
        set({ bootstrapsError: `${action} ${agentId}: ${errorText(err)}` });
      }
    },
    answerBootstrap: async (bootstrapId, promptId, answers) => {
      await api.bootstraps.answer(bootstrapId, promptId, answers);
      await refresh(bootstrapId);
    },
    approveHostKey: async (bootstrapId, fingerprint) => {
      await api.bootstraps.approveHostKey(bootstrapId, fingerprint);
      await refresh(bootstrapId);
    },
    cancelBootstrap: async (bootstrapId) => {
      await api.bootstraps.cancel(bootstrapId);
      await refresh(bootstrapId);
    },
  };
};

/**
 * A read (`b`) may answer an older state than an event already gave (`a`): it wins only when
 * it has ended and `a` has not, or when it has more log lines.
 */
function newer(a: BootstrapDto | undefined, b: BootstrapDto): BootstrapDto {
  if (!a) return b;
  const ended = (x: BootstrapDto) => x.ended_at !== null;
  if (ended(a) !== ended(b)) return ended(a) ? a : b;
  return b.log.length > a.log.length ? b : a;
}

export const TERMINAL_BOOTSTRAP = new Set(['done', 'failed', 'cancelled']);

/** Agents a bootstrap started (and so can stop and restart over SSH). */
export function bootstrappedAgents(bootstraps: Record<string, BootstrapDto>): Set<string> {
  return new Set(Object.values(bootstraps).filter((b) => b.state === 'done').map((b) => b.agent_id));
}
