// Structured JSON-lines logs (pino) on stderr; stdout stays for what the user asked for.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.P4I_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'p4-integrator' } }, pino.destination({ fd: 2, sync: false }));
}
