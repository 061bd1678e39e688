// Structured JSON-lines logs (pino): to stderr, or to a file rotated by size into gzip archives
// with a cap on how many are kept. Secrets are redacted by path.
import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';
import { basename, dirname } from 'node:path';
import { mkdirSync } from 'node:fs';

export type { Logger };

export interface LogOptions {
  level: string;
  /** null: stderr (stdout stays for what the user asked for). */
  file: string | null;
  maxSizeBytes: number;
  maxFiles: number;
}

export const DEFAULT_LOG: LogOptions = { level: process.env.P4I_LOG_LEVEL ?? 'info', file: null, maxSizeBytes: 100 * 1024 * 1024, maxFiles: 10 };

export function createLogger(options: Partial<LogOptions> | string = {}): Logger {
  const opts: LogOptions = { ...DEFAULT_LOG, ...(typeof options === 'string' ? { level: options } : options) };
  const config = {
    level: opts.level,
    base: { app: 'p4-integrator' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    errorKey: 'error',
    redact: { paths: ['env', '*.env', 'token', '*.token', 'password', '*.password', 'P4PASSWD', '*.P4PASSWD'], censor: '***' },
  };
  if (!opts.file) return pino(config, pino.destination({ fd: 2, sync: false }));
  mkdirSync(dirname(opts.file), { recursive: true, mode: 0o700 });
  const stream = createStream(rotatedName(basename(opts.file)), {
    path: dirname(opts.file),
    size: `${Math.max(1, Math.round(opts.maxSizeBytes / 1024))}K`,
    compress: 'gzip',
    maxFiles: opts.maxFiles,
  });
  const log = pino(config, stream);
  fileStreams.set(log, stream);
  return log;
}

const fileStreams = new WeakMap<Logger, { end(done: () => void): unknown }>();

/**
 * Writes out every line the logger still holds, for a process about to exit: the log file is
 * opened and written asynchronously, so a last line (say, why the start failed) is otherwise lost.
 */
export function closeLogger(log: Logger): Promise<void> {
  const stream = fileStreams.get(log);
  if (!stream) {
    log.flush();
    return Promise.resolve();
  }
  fileStreams.delete(log);
  return new Promise((resolve) => void stream.end(resolve));
}

/** master.jsonl, then master-<time>-<n>.jsonl.gz for the gzip archives. */
function rotatedName(file: string): (time: number | Date | null, index?: number) => string {
  const dot = file.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [file.slice(0, dot), file.slice(dot)] : [file, ''];
  return (time, index) => {
    if (!time) return file;
    const stamp = (time instanceof Date ? time : new Date(time)).toISOString().replace(/[:.]/g, '-');
    return `${stem}-${stamp}-${index ?? 0}${ext}.gz`;
  };
}
