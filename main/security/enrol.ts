// Issues an agent its client certificate: for the local agent at every master start (when the
// old one nears its end), and for hand-installed agents through `npm run master -- enrol`.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store.ts';
import { AGENT_CERT_DAYS, fingerprint, newAgentKey, type Pki } from './pki.ts';

export interface AgentFiles {
  ca: string;
  cert: string;
  key: string;
}

/** Writes ca.pem, agent.pem and agent-key.pem into `outDir` and pins the new key for `agentId`. */
export async function enrolAgent(store: Store, pki: Pki, agentId: string, outDir: string, actor: string, days = AGENT_CERT_DAYS): Promise<AgentFiles> {
  const { keyPem, spki } = newAgentKey();
  const certPem = await pki.issueAgentCert(agentId, spki, days);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const files = { ca: join(outDir, 'ca.pem'), cert: join(outDir, 'agent.pem'), key: join(outDir, 'agent-key.pem') };
  writeFileSync(files.key, keyPem, { mode: 0o600 });
  writeFileSync(files.cert, certPem);
  writeFileSync(files.ca, pki.caPem);
  store.transaction(() => {
    store.agents.enrol(agentId, 'accepted', fingerprint(spki), null, agentId);
    store.audit.record(actor, 'cert.issue', agentId, { fingerprint: fingerprint(spki), days });
  });
  return files;
}

/** The local agent's files, issued again only when missing or in the last third of their life. */
export async function localAgentFiles(store: Store, pki: Pki, agentId: string, dir: string): Promise<AgentFiles> {
  const files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'agent.pem'), key: join(dir, 'agent-key.pem') };
  if (existsSync(files.cert) && existsSync(files.key) && existsSync(files.ca) && readFileSync(files.ca, 'utf8') === pki.caPem) {
    const left = Date.parse(new X509Certificate(readFileSync(files.cert)).validTo) - Date.now();
    if (left > (AGENT_CERT_DAYS * 24 * 3600 * 1000) / 3) return files;
  }
  return enrolAgent(store, pki, agentId, dir, 'master');
}
