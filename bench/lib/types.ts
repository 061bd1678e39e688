// What every scenario module takes and gives back.
import type { ProfileSummary } from './profile.ts';

export interface BenchContext {
  quick: boolean;
  /** Repetitions of each measured run. */
  runs: number;
  /** Scratch space for this invocation (removed at the end). */
  work: string;
  /** Survives between invocations (generated inputs, e.g. the history database). */
  cache: string;
  /** Profile the master with node --cpu-prof into this directory (null: no profiling). */
  profileDir: string | null;
}

export interface Row {
  label: string;
  unit: string;
  /** One value per run; the report shows the median and min–max. */
  values: number[];
  digits?: number;
  /** e.g. "≤ 1.5x SSH", with the verdict computed by the scenario. */
  target?: string;
  met?: boolean;
}

export interface ScenarioResult {
  name: string;
  title: string;
  rows: Row[];
  notes: string[];
  profiles: ProfileSummary[];
}

export interface Scenario {
  name: string;
  title: string;
  /** Builds (or finds in the cache) its generated inputs: `npm run bench -- --prepare`. */
  prepare?(ctx: BenchContext): Promise<void>;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
