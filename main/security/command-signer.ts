// Signs EXEC, KILL and WELCOME (Ed25519) over the exact JSON text sent. Each body names the
// agent it is for and carries its issue time, an expiry and a nonce.
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { COMMAND_TTL_MS, type ExecSpec, type MasterMessage, type WelcomeBody } from '../../agent/protocol.ts';

export interface SignedBody {
  body: string;
  sig: string;
}

export class CommandSigner {
  private readonly key: KeyObject;
  readonly publicPem: string;

  constructor(key: KeyObject, publicPem: string) {
    this.key = key;
    this.publicPem = publicPem;
  }

  exec(agentId: string, spec: ExecSpec): MasterMessage {
    return { t: 'exec', ...this.sign(agentId, { spec }) };
  }

  kill(agentId: string, cmdId: string, graceMs: number): MasterMessage {
    return { t: 'kill', ...this.sign(agentId, { cmd_id: cmdId, grace_ms: graceMs }) };
  }

  /** The signed part of a WELCOME. */
  welcome(agentId: string, content: Pick<WelcomeBody, 'heartbeat_ms' | 'resume' | 'forget'>): SignedBody {
    return this.sign(agentId, content);
  }

  private sign(agentId: string, content: Record<string, unknown>): SignedBody {
    const now = Date.now();
    const body = JSON.stringify({ ...content, agent_id: agentId, nonce: randomBytes(16).toString('hex'), iat: now, exp: now + COMMAND_TTL_MS });
    return { body, sig: sign(null, Buffer.from(body), this.key).toString('base64') };
  }
}
