// JSON-lines log for the agent (node builtins only: the agent bundle has no dependencies).
// With a file, it is rotated by size into gzip archives, keeping the newest `maxFiles`.
import { appendFileSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export type Fields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

export interface LogFile {
  path: string;
  maxBytes: number;
  maxFiles: number;
}

export function createLogger(agentId: string, file: LogFile | null): Logger {
  let size = file ? sizeOf(file.path) : 0;
  const write = (level: string, msg: string, fields?: Fields): void => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, agent_id: agentId, msg, ...fields }) + '\n';
    if (!file) {
      process.stderr.write(line);
      return;
    }
    appendFileSync(file.path, line, { mode: 0o600 });
    size += Buffer.byteLength(line);
    if (size >= file.maxBytes) {
      rotate(file);
      size = 0;
    }
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** agent.log → agent-<time>.log.gz; the oldest archives beyond maxFiles are removed. */
function rotate(file: LogFile): void {
  const dot = basename(file.path).lastIndexOf('.');
  const stem = dot > 0 ? basename(file.path).slice(0, dot) : basename(file.path);
  const ext = dot > 0 ? basename(file.path).slice(dot) : '';
  const archive = join(dirname(file.path), `${stem}-${new Date().toISOString().replace(/[:.]/g, '-')}${ext}.gz`);
  const moved = `${file.path}.rotating`;
  renameSync(file.path, moved);
  writeFileSync(archive, gzipSync(readFileSync(moved)), { mode: 0o600 });
  rmSync(moved);
  const archives = readdirSync(dirname(file.path)).filter((n) => n.startsWith(`${stem}-`) && n.endsWith(`${ext}.gz`)).sort();
  for (const old of archives.slice(0, Math.max(0, archives.length - file.maxFiles))) rmSync(join(dirname(file.path), old), { force: true });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
