// The master's own certificate authority, made on first start: it signs the master's TLS
// server certificate and every agent's client certificate (CN = agent_id). Agents pin its
// certificate. Also the Ed25519 key that signs EXEC and KILL.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MASTER_CN } from '../../agent/protocol.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;
/** Agent certificates are short-lived; the master renews them over the link. */
export const AGENT_CERT_DAYS = 30;

export interface Pki {
  dir: string;
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** Signs EXEC and KILL. */
  signingKey: KeyObject;
  signingPublicPem: string;
  /** Issues a client certificate for `publicKeySpki` (DER), valid `days` from `notBefore`. */
  issueAgentCert(agentId: string, publicKeySpki: Buffer, days?: number, notBefore?: Date): Promise<string>;
}

/** SHA-256 of a public key (SubjectPublicKeyInfo DER), as shown to humans: hex pairs. */
export function fingerprint(spki: Buffer): string {
  return createHash('sha256').update(spki).digest('hex').match(/../g)!.join(':');
}

export async function ensurePki(dataDir: string): Promise<Pki> {
  const dir = join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = (name: string): string => join(dir, name);
  if (!existsSync(file('ca.pem'))) await createCa(dir);
  const caCert = new x509.X509Certificate(readFileSync(file('ca.pem'), 'utf8'));
  const caKey = await webcrypto.subtle.importKey('pkcs8', pemBody(readFileSync(file('ca-key.pem'), 'utf8')), EC, false, ['sign']);
  if (!existsSync(file('master.pem'))) {
    const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${MASTER_CN}`,
      issuer: caCert.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3650 * DAY),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], true),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'dns', value: safeHostname() }, { type: 'ip', value: '127.0.0.1' }]),
      ],
    });
    writePrivate(file('master-key.pem'), toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'));
    writeFileSync(file('master.pem'), cert.toString('pem') + '\n');
  }
  if (!existsSync(file('signing-key.pem'))) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writePrivate(file('signing-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  const signingKey = createPrivateKey(readFileSync(file('signing-key.pem')));
  return {
    dir,
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    serverCertPem: readFileSync(file('master.pem'), 'utf8'),
    serverKeyPem: readFileSync(file('master-key.pem'), 'utf8'),
    signingKey,
    signingPublicPem: createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }).toString(),
    issueAgentCert: async (agentId, publicKeySpki, days = AGENT_CERT_DAYS, notBefore = new Date(Date.now() - 60_000)) => {
      const publicKey = await webcrypto.subtle.importKey('spki', publicKeySpki, EC, true, ['verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${agentId}`,
        issuer: caCert.subject,
        notBefore,
        notAfter: new Date(notBefore.getTime() + days * DAY),
        publicKey,
        signingKey: caKey,
        signingAlgorithm: EC,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], true),
        ],
      });
      return cert.toString('pem') + '\n';
    },
  };
}

/** A fresh P-256 key for an agent: private key PEM and public key SPKI DER. */
export function newAgentKey(): { keyPem: string; spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

async function createCa(dir: string): Promise<void> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=P4 Integrator CA (${safeHostname()})`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  // Key first: a crash in between leaves no CA certificate without its key.
  writePrivate(join(dir, 'ca-key.pem'), toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'));
  writeFileSync(join(dir, 'ca.pem'), ca.toString('pem') + '\n');
}

function writePrivate(path: string, pem: string): void {
  writeFileSync(`${path}.tmp`, pem, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex');
}

function safeHostname(): string {
  try {
    return hostname() || 'localhost';
  } catch {
    return 'localhost';
  }
}
