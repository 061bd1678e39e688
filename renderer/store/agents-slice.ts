// Agents as the registry reports them, kept current by agent events (heartbeats included).
import type { AgentDto } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import type { SliceCreator } from './types.ts';

export interface AgentsSlice {
  agents: Record<string, AgentDto>;
  agentsError: string | null;
  loadAgents(): Promise<void>;
  upsertAgent(agent: AgentDto): void;
  /** Enrolment decision for a pending or denied agent. */
  decideAgent(agentId: string, accept: boolean): Promise<void>;
}

export const agentsSlice: SliceCreator<AgentsSlice> = (set, get, api) => ({
  agents: {},
  agentsError: null,
  loadAgents: async () => {
    try {
      const list = await api.agents.list();
      set({ agents: Object.fromEntries(list.map((a) => [a.agent_id, a])), agentsError: null });
    } catch (err) {
      set({ agentsError: errorText(err) });
    }
  },
  upsertAgent: (agent) => set({ agents: { ...get().agents, [agent.agent_id]: agent } }),
  decideAgent: async (agentId, accept) => {
    try {
      await (accept ? api.agents.accept(agentId) : api.agents.reject(agentId));
      await get().loadAgents();
    } catch (err) {
      set({ agentsError: errorText(err) });
    }
  },
});
