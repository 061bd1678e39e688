// JSON-lines log for the agent (no dependencies: the agent bundle ships node builtins only).
import { appendFileSync } from 'node:fs';

export type Fields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

export function createLogger(agentId: string, file: string | null): Logger {
  const write = (level: string, msg: string, fields?: Fields): void => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, agent_id: agentId, msg, ...fields }) + '\n';
    if (file) appendFileSync(file, line);
    else process.stderr.write(line);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
