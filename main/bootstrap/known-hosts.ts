// SSH host key checking against OpenSSH known_hosts files (the user's, read only) and the app's
// own file (written only when an operator approves a key). Never auto-accepts: an unknown or
// changed key waits for a human, since accepting it silently would let anyone in between pose as the host.
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface HostKey {
  /** e.g. ssh-ed25519 */
  type: string;
  /** The SSH wire-format public key blob. */
  blob: Buffer;
  /** SHA256:base64 (no padding), as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export type HostKeyVerdict =
  | { status: 'trusted'; file: string }
  | { status: 'unknown' }
  | { status: 'changed'; known: { type: string; fingerprint: string; file: string; line: number }[] }
  | { status: 'revoked'; file: string; line: number };

interface Entry {
  marker: '' | '@revoked' | '@cert-authority';
  hosts: string;
  type: string;
  blob: Buffer;
  file: string;
  line: number;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function hostKeyFromBlob(blob: Buffer): HostKey {
  // The blob starts with the key type as an SSH string (uint32 length + bytes).
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  if (length === 0 || length > 64 || blob.length < 4 + length) throw new Error('the server sent a malformed host key');
  return { type: blob.subarray(4, 4 + length).toString('latin1'), blob, fingerprint: fingerprintOf(blob) };
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export class KnownHosts {
  /** Read-only files first (~/.ssh/known_hosts), then the app's own file, which approvals write. */
  readonly userFiles: string[];
  readonly appFile: string;

  constructor(userFiles: string[], appFile: string) {
    this.userFiles = userFiles;
    this.appFile = appFile;
  }

  check(name: string, key: HostKey): HostKeyVerdict {
    const entries = this.entriesFor(name);
    const revoked = entries.find((e) => e.marker === '@revoked' && e.blob.equals(key.blob));
    if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
    const plain = entries.filter((e) => e.marker === '');
    const match = plain.find((e) => e.blob.equals(key.blob));
    if (match) return { status: 'trusted', file: match.file };
    if (plain.length === 0) return { status: 'unknown' };
    return { status: 'changed', known: plain.map((e) => ({ type: e.type, fingerprint: fingerprintOf(e.blob), file: e.file, line: e.line })) };
  }

  /**
   * Key types known for `name`, to offer first in the key exchange: a host recorded with its
   * ed25519 key must not be reported "changed" just because the server prefers ECDSA.
   */
  knownTypes(name: string): string[] {
    return [...new Set(this.entriesFor(name).filter((e) => e.marker === '').map((e) => e.type))];
  }

  /** Records an approved key in the app's file, replacing earlier app entries of that type for `name`. */
  approve(name: string, key: HostKey, note: string): void {
    mkdirSync(dirname(this.appFile), { recursive: true, mode: 0o700 });
    if (existsSync(this.appFile)) {
      const kept = readFileSync(this.appFile, 'utf8').split('\n').filter((line) => {
        const entry = parseLine(line, this.appFile, 0);
        return !(entry && entry.marker === '' && entry.type === key.type && hostsMatch(entry.hosts, name));
      });
      writeFileSync(this.appFile, kept.join('\n').replace(/\n*$/, '\n'), { mode: 0o600 });
    }
    appendFileSync(this.appFile, `${name} ${key.type} ${key.blob.toString('base64')} ${note.replace(/\s+/g, '_')}\n`, { mode: 0o600 });
  }

  private entriesFor(name: string): Entry[] {
    const found: Entry[] = [];
    for (const file of [...this.userFiles, this.appFile]) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // a missing known_hosts file knows no hosts
      }
      text.split('\n').forEach((line, i) => {
        const entry = parseLine(line, file, i + 1);
        if (entry && hostsMatch(entry.hosts, name)) found.push(entry);
      });
    }
    return found;
  }
}

function parseLine(line: string, file: string, lineNo: number): Entry | null {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const fields = trimmed.split(/\s+/);
  const marker = fields[0]!.startsWith('@') ? fields.shift()! : '';
  if (marker !== '' && marker !== '@revoked' && marker !== '@cert-authority') return null;
  const [hosts, type, b64] = fields;
  if (!hosts || !type || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  return { marker: marker as Entry['marker'], hosts, type, blob: Buffer.from(b64, 'base64'), file, line: lineNo };
}

/** OpenSSH host matching: comma-separated patterns with * and ?, `!` negates; or one hashed name. */
function hostsMatch(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globToRegExp(negated ? pattern.slice(1) : pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
