// Secret env values at rest: sealed with AES-256-GCM under a key of this master
// (<data-dir>/pki/secrets.key, 0600) before they are stored, opened only to sign an EXEC.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isSecretEnv, SECRET_MASK, type ExecSpec } from '../../agent/protocol.ts';

export const SEALED_PREFIX = 'p4i-sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBox {
  private readonly key: Buffer;

  private constructor(key: Buffer) {
    this.key = key;
  }

  /** The master's key, made on first use. */
  static load(dataDir: string): SecretBox {
    const dir = join(dataDir, 'pki');
    const file = join(dir, 'secrets.key');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600 });
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const key = readFileSync(file);
    if (key.length !== 32) throw new Error(`${file} must hold 32 bytes (the key that seals secret env values); it holds ${key.length}`);
    return new SecretBox(key);
  }

  /** The env with its secret values sealed (values sealed already stay as they are). */
  sealEnv(env: Record<string, string>, secretNames: readonly string[]): Record<string, string> {
    return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, isSecretEnv(name, secretNames) && !value.startsWith(SEALED_PREFIX) ? this.seal(value) : value]));
  }

  /** The spec as the agent must get it: secret values in clear. */
  openSpec(spec: ExecSpec): ExecSpec {
    return { ...spec, env: Object.fromEntries(Object.entries(spec.env).map(([name, value]) => [name, this.open(value)])) };
  }

  /** The env with its sealed values replaced by `***`: nothing can run with them again. */
  static erase(env: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.startsWith(SEALED_PREFIX) ? SECRET_MASK : value]));
  }

  /** Whether the env holds a sealed value. */
  static holdsSealed(env: Record<string, string>): boolean {
    return Object.values(env).some((value) => value.startsWith(SEALED_PREFIX));
  }

  private seal(value: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  private open(value: string): string {
    if (!value.startsWith(SEALED_PREFIX)) return value;
    const raw = Buffer.from(value.slice(SEALED_PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
