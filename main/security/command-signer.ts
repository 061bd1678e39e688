// Signs EXEC and KILL (Ed25519) with an expiry and a nonce, over the exact JSON text sent.
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { COMMAND_TTL_MS, type ExecSpec, type MasterMessage } from '../../agent/protocol.ts';

export class CommandSigner {
  private readonly key: KeyObject;
  readonly publicPem: string;

  constructor(key: KeyObject, publicPem: string) {
    this.key = key;
    this.publicPem = publicPem;
  }

  exec(spec: ExecSpec): MasterMessage {
    return this.signed('exec', { spec });
  }

  kill(cmdId: string, graceMs: number): MasterMessage {
    return this.signed('kill', { cmd_id: cmdId, grace_ms: graceMs });
  }

  private signed(t: 'exec' | 'kill', content: Record<string, unknown>): MasterMessage {
    const body = JSON.stringify({ ...content, nonce: randomBytes(16).toString('hex'), exp: Date.now() + COMMAND_TTL_MS });
    return { t, body, sig: sign(null, Buffer.from(body), this.key).toString('base64') };
  }
}
