// Masters and jobs as the job and fault tests start them, and what they ask of the simulated server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runP4, type SimDepot } from '../fixtures/p4sim/index.ts';
import { ApiClient } from './api-client.ts';
import { enrol, freePort, startAgent, startMaster, type Cleanup, type MasterProc } from './processes.ts';

/** A master with its local agent online, checking workspaces every second. */
export async function localMaster(t: Cleanup, dataDir: string, extra: string[] = []): Promise<{ master: MasterProc; api: ApiClient }> {
  const master = await startMaster(t, { dataDir, localAgent: true, extra: ['--watch-interval-s', '1', ...extra] });
  const api = new ApiClient(master.url, master.token);
  await api.waitForAgent('local');
  return { master, api };
}

/**
 * A master and a separate, enrolled agent (its own process, spool and certificate), so the
 * master can be killed and started again on `dataDir` and `agentPort` while the agent stays.
 */
export async function masterWithAgent(t: Cleanup, dir: string, agentId = 'builder'): Promise<{ master: MasterProc; api: ApiClient; dataDir: string; agentPort: number }> {
  const dataDir = join(dir, 'data');
  const agentPort = await freePort();
  const master = await startMaster(t, { dataDir, agentPort });
  const api = new ApiClient(master.url, master.token);
  startAgent(t, { masterPort: agentPort, agentId, workspace: dir, spoolDir: join(dir, 'spool'), tls: await enrol(t, dataDir, agentId, join(dir, 'certs')) });
  await api.waitForAgent(agentId);
  return { master, api, dataDir, agentPort };
}

/** Submits a job for the simulated depot's workspace; `spec` adds to or overrides the spec. */
export async function submitSpec(api: ApiClient, sim: SimDepot, spec: Record<string, unknown>, agentId = 'local'): Promise<string> {
  const res = await api.request('POST', '/api/jobs', { agent_id: agentId, spec: { workspace: sim.workspace, env: sim.env, ...spec } });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.job_id;
}

/** The files of a submitted change, as `p4 describe -s` lists them ("//depot/x#2 integrate"). */
export async function describedFiles(sim: SimDepot, change: number): Promise<string[]> {
  const out = await runP4(sim, ['describe', '-s', String(change)]);
  return [...out.stdout.matchAll(/^\.\.\. (\S+)#\d+ (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

/** A four-line text file, with the lines named in `edit` replaced. */
export const fourLines = (edit: Record<number, string>): string => Array.from({ length: 4 }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
