// Entry of dist/agent.cjs.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Agent } from './agent.ts';
import { SpoolBusyError } from './spool-lock.ts';
import { HELP, parseAgentArgs, UsageError } from './cli.ts';
import { createLogger } from './log.ts';

function main(): void {
  let opts;
  try {
    opts = parseAgentArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`p4-integrator-agent: ${err.message}\n`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const log = createLogger(opts.agentId, opts.logFile ? { path: opts.logFile, maxBytes: opts.logMaxBytes, maxFiles: opts.logMaxFiles } : null);
  const { ca, cert, key } = opts;
  const tls = ca ? () => ({ ca: readFileSync(ca), cert: cert ? readFileSync(cert) : null, key: key ? readFileSync(key) : null }) : null;
  const spoolDir = opts.spoolDir ?? join(homedir(), '.cache', 'p4-integrator', 'agents', opts.agentId, 'spool');
  const agent = new Agent(opts, log, tls, spoolDir);
  try {
    agent.start();
  } catch (err) {
    process.stderr.write(`p4-integrator-agent: ${(err as Error).message}\n`);
    process.exit(err instanceof SpoolBusyError ? 3 : 1);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void agent.shutdown(`received ${signal}`));
}

main();
