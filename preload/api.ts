// THE contract between the master and every face of the app (Electron renderer over IPC, a
// browser over REST/WebSocket). Types only: both sides import it with `import type`.

export type AgentStatus = 'online' | 'unresponsive' | 'offline';

export interface AgentLoad {
  load: [number, number, number];
  mem_free: number;
  mem_total: number;
  uptime_s: number;
}

export interface AgentDto {
  agent_id: string;
  hostname: string;
  status: AgentStatus;
  version: string;
  platform: string;
  arch: string;
  workspace: string;
  /** ISO 8601 time of the last heartbeat, null before the first one. */
  last_heartbeat: string | null;
  /** Commands running on the agent now (from its heartbeats). */
  running: number;
  load: AgentLoad | null;
  first_seen: string;
  last_seen: string;
}

export type CommandState = 'queued' | 'running' | 'exited' | 'killed' | 'timed_out' | 'lost';
export type StreamName = 'stdout' | 'stderr';

export interface NewCommand {
  agent_id: string;
  /** argv array, or a shell line when `shell` is true. */
  command: string[] | string;
  shell?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  timeout_s?: number;
}

export interface CommandDto {
  cmd_id: string;
  agent_id: string;
  command: string[] | string;
  shell: boolean;
  cwd: string | null;
  state: CommandState;
  exit_code: number | null;
  signal: string | null;
  /** Process id on the agent's host (leader of the command's process group). */
  pid: number | null;
  /** Why it ended when that is not a plain exit (timeout, kill, lost agent, spawn failure). */
  reason: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  stdout_bytes: number;
  stderr_bytes: number;
}

export interface OutputSlice {
  data: Uint8Array;
  /** Offset to ask for next; equals the stored length when `data` reached the end. */
  next_offset: number;
}

export interface Health {
  ok: boolean;
  version: string;
}

export type MasterEvent =
  | { type: 'agent'; agent: AgentDto }
  | { type: 'command'; command: CommandDto }
  | { type: 'output'; cmd_id: string; stream: StreamName; offset: number; data: Uint8Array };

export interface MasterApi {
  health(): Promise<Health>;
  agents: {
    list(): Promise<AgentDto[]>;
  };
  commands: {
    /** Stores the command and returns at once; it runs when its agent is connected. */
    create(input: NewCommand): Promise<{ cmd_id: string }>;
    get(cmdId: string): Promise<CommandDto>;
    output(cmdId: string, stream: StreamName, offset: number, limit?: number): Promise<OutputSlice>;
    kill(cmdId: string): Promise<void>;
  };
  /** Subscribes to live events; returns the unsubscribe function. */
  onEvent(listener: (event: MasterEvent) => void): () => void;
}
