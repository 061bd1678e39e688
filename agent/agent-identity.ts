// Who this agent is to its master: its own key when it has no certificate from the master
// (enrolment by approval), the master's signing key pinned on first sight, and the renewal of
// its client certificate.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { IDENTITY_EKM_LABEL, ProtocolError, type HelloMessage } from './protocol.ts';

export class AgentIdentity {
  private readonly spoolDir: string;
  private readonly certFile: string | null;
  private readonly keyFile: string | null;
  /** This agent's own key when it has no certificate from the master. */
  private ownKey: KeyObject | null = null;
  /** Private key waiting for the renewed certificate. */
  private renewingKey: string | null = null;

  constructor(spoolDir: string, certFile: string | null, keyFile: string | null) {
    this.spoolDir = spoolDir;
    this.certFile = certFile;
    this.keyFile = keyFile;
  }

  /** Loads (or makes) the agent's own key; only for TLS without a certificate. */
  loadOwnKey(): void {
    const file = join(this.spoolDir, 'identity-key.pem');
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    this.ownKey = createPrivateKey(readFileSync(file));
  }

  /** The HELLO's identity field, or undefined when the agent has a certificate (or no TLS). */
  helloIdentity(socket: Socket, agentId: string): HelloMessage['identity'] {
    if (!this.ownKey) return undefined;
    // Binds this key to this TLS session: a recorded hello cannot be replayed elsewhere.
    const ekm = (socket as TLSSocket).exportKeyingMaterial(32, IDENTITY_EKM_LABEL, Buffer.from(agentId));
    return {
      public_key: createPublicKey(this.ownKey).export({ type: 'spki', format: 'der' }).toString('base64'),
      signature: sign(null, ekm, this.ownKey).toString('base64'),
    };
  }

  /** The master's signing key is pinned on first sight; a different one is refused. */
  pinSigningKey(pem: string): void {
    const pin = join(this.spoolDir, 'master-signing-key.pem');
    if (!existsSync(pin)) {
      writeFileSync(pin, pem, { mode: 0o600 });
      return;
    }
    if (readFileSync(pin, 'utf8').trim() !== pem.trim()) {
      throw new ProtocolError('signing_key_changed', `the master's command-signing key changed; if the master was re-installed on purpose, delete ${pin}`);
    }
  }

  /** The certificate expires soon: a new key whose public half (SPKI DER, base64) the master certifies; null without --cert/--key files. */
  startRenewal(): string | null {
    if (!this.certFile || !this.keyFile) return null;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.renewingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /** Both files are written aside first, then renamed: the next connection uses the new pair. */
  installCertificate(certPem: string): boolean {
    if (!this.renewingKey || !this.certFile || !this.keyFile) return false;
    writeFileSync(`${this.keyFile}.new`, this.renewingKey, { mode: 0o600 });
    writeFileSync(`${this.certFile}.new`, certPem, { mode: 0o644 });
    renameSync(`${this.keyFile}.new`, this.keyFile);
    renameSync(`${this.certFile}.new`, this.certFile);
    this.renewingKey = null;
    return true;
  }
}
