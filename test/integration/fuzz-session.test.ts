// 100,000 random, mutated and valid-but-meaningless frames against a live master session.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ApiClient } from '../helpers/api-client.ts';
import { startMaster, tempDir } from '../helpers/processes.ts';
import { hello, RawAgent } from '../helpers/raw-agent.ts';
import { frameOf, mutatedMessage, prng, randomFrame, validAgentMessage } from '../fixtures/frame-fuzz.ts';

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

test('fuzz: a live session takes 100,000 hostile frames; the master stays up, bounded and useful', { timeout: 180_000 }, async (t) => {
  // Plain TCP so the fuzzer reaches the frame layer (TLS has its own tests).
  const master = await startMaster(t, { dataDir: tempDir(t), localAgent: true, extra: ['--insecure'] });
  const api = new ApiClient(master.url, master.token);
  await api.waitForAgent('local');
  const rand = prng(0xf022);
  const rssBefore = rssKb(master.pid);
  let sent = 0;
  let connections = 0;
  while (sent < 100_000) {
    const raw = await RawAgent.connect(master.agentPort);
    connections++;
    // Mostly well-formed messages about commands this agent does not own (answered, not fatal),
    // then one broken frame that ends the connection.
    const batch: Buffer[] = [frameOf(hello(`fuzz-agent-${connections % 7}`) as never)];
    const valid = Math.floor(rand() * 400);
    for (let i = 0; i < valid; i++) batch.push(frameOf(validAgentMessage(rand) as never, Math.floor(rand() * 256)));
    batch.push(rand() < 0.5 ? frameOf(mutatedMessage(rand)) : randomFrame(rand));
    sent += batch.length;
    raw.write(Buffer.concat(batch));
    raw.socket.end();
    await Promise.race([raw.closed, new Promise((ok) => setTimeout(ok, 2000))]);
    raw.socket.destroy();
  }
  assert.equal(master.child.exitCode, null, 'the master is still running');
  const cmdId = await api.run({ agent_id: 'local', command: ['echo', 'still here'] });
  await api.waitForState(cmdId, ['exited']);
  assert.equal((await api.output(cmdId)).toString(), 'still here\n');
  const grownMb = (rssKb(master.pid) - rssBefore) / 1024;
  assert.ok(grownMb < 150, `master memory grew by ${grownMb.toFixed(0)} MB over ${connections} connections`);
});
