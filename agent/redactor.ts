// Masks secret values (P4PASSWD, tokens…) in a command's output before it is spooled, so they
// never leave the build host. A secret split across two reads is caught by holding back the
// last (longest secret - 1) bytes until more output or the end arrives.
import { isSecretEnv } from './protocol.ts';

const MASK = Buffer.from('***');
/** Shorter values would mask ordinary text. */
const MIN_SECRET = 4;

export class Redactor {
  private readonly secrets: Buffer[];
  private readonly keep: number;
  private tail: Record<string, Buffer> = {};

  /** `env`: name/value pairs (a name may appear twice: the job's value and the agent's own). */
  constructor(env: readonly (readonly [string, string])[], secretNames: readonly string[]) {
    const values = env.filter(([name, value]) => isSecretEnv(name, secretNames) && value.length >= MIN_SECRET).map(([, v]) => Buffer.from(v));
    // Longest first, so a secret containing another is masked whole.
    this.secrets = [...new Map(values.map((v) => [v.toString('hex'), v])).values()].sort((a, b) => b.length - a.length);
    this.keep = Math.max(0, ...this.secrets.map((s) => s.length - 1));
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** Redacted bytes that are safe to write now; `final` flushes what was held back. */
  push(stream: string, data: Buffer, final: boolean): Buffer {
    if (!this.active) return data;
    let text: Buffer = Buffer.concat([this.tail[stream] ?? Buffer.alloc(0), data]);
    for (const secret of this.secrets) text = replaceAll(text, secret);
    const cut = final ? text.length : Math.max(0, text.length - this.keep);
    this.tail[stream] = text.subarray(cut);
    return text.subarray(0, cut);
  }
}

function replaceAll(data: Buffer, secret: Buffer): Buffer {
  let at = data.indexOf(secret);
  if (at < 0) return data;
  const parts: Buffer[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(data.subarray(from, at), MASK);
    from = at + secret.length;
    at = data.indexOf(secret, from);
  }
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}
