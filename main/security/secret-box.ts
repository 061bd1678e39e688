// Secret env values at rest: sealed with AES-256-GCM under a key of this master before they
// are stored, opened only to sign an EXEC. The key is <data-dir>/pki/secrets.key (0600), or,
// given a keychain (the desktop app's OS keychain), pki/secrets.key.keychain: the key as the
// keychain encrypted it, useless without the user's login.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isSecretEnv, SECRET_MASK, type ExecSpec } from '../../agent/protocol.ts';

export const SEALED_PREFIX = 'p4i-sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts the secrets key at rest with a key outside the data dir (the OS keychain). */
export interface Keychain {
  /** What it is, for the log: e.g. "the OS keychain (Electron safeStorage)". */
  readonly name: string;
  encrypt(key: Buffer): Buffer;
  decrypt(data: Buffer): Buffer;
}

const KEY_FILE = 'secrets.key';
const KEYCHAIN_FILE = 'secrets.key.keychain';

export class SecretBox {
  private readonly key: Buffer;
  /** Where the key is kept, for the log. */
  readonly keptIn: string;

  private constructor(key: Buffer, keptIn: string) {
    this.key = key;
    this.keptIn = keptIn;
  }

  /**
   * The master's key, made on first use. With a keychain, a 0600 key file left from a run without
   * one is moved into the keychain's file (the same key, so sealed values still open).
   */
  static load(dataDir: string, keychain: Keychain | null = null): SecretBox {
    const dir = join(dataDir, 'pki');
    const file = join(dir, KEY_FILE);
    const locked = join(dir, KEYCHAIN_FILE);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (keychain) {
      if (!existsSync(locked)) {
        const key = existsSync(file) ? checked(readFileSync(file), file) : randomBytes(32);
        writeFileSync(`${locked}.tmp`, keychain.encrypt(key), { mode: 0o600 });
        renameSync(`${locked}.tmp`, locked);
      }
      rmSync(file, { force: true });
      let key: Buffer;
      try {
        key = keychain.decrypt(readFileSync(locked));
      } catch (err) {
        throw new Error(`${locked} cannot be opened with ${keychain.name} (${(err as Error).message}): it was made under another login or keychain; restore the keychain, or delete the file (queued commands and live jobs with secret env values must then be created again)`);
      }
      return new SecretBox(checked(key, locked), `${locked}, encrypted by ${keychain.name}`);
    }
    if (!existsSync(file) && existsSync(locked)) {
      throw new Error(`${locked}: the key that seals secret env values is in the desktop app's OS keychain; start the desktop app on this data directory, or delete the file (queued commands and live jobs with secret env values must then be created again)`);
    }
    if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600 });
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return new SecretBox(checked(readFileSync(file), file), `${file} (mode 0600)`);
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

function checked(key: Buffer, file: string): Buffer {
  if (key.length !== 32) throw new Error(`${file} must hold 32 bytes (the key that seals secret env values); it holds ${key.length}`);
  return key;
}
