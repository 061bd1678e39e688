// Checks that a signed message (EXEC, KILL, WELCOME) really comes from this agent's master and
// is meant for now and for this agent: Ed25519 signature over the exact body text, the agent id
// inside it, its own issue time against this host's clock (within a bounded skew), and a nonce
// never seen before (remembered in the spool until the message expires).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type * as z from 'zod/mini';
import type { NonceStore } from './nonce-store.ts';
import { COMMAND_TTL_MS, MAX_CLOCK_SKEW_MS, ProtocolError } from './protocol.ts';

interface Signed {
  agent_id: string;
  nonce: string;
  iat: number;
  exp: number;
}

export class CommandVerifier {
  private key: KeyObject | null = null;
  private readonly agentId: string;
  private readonly nonces: NonceStore;

  constructor(agentId: string, nonces: NonceStore) {
    this.agentId = agentId;
    this.nonces = nonces;
  }

  trust(publicPem: string): void {
    this.key = createPublicKey(publicPem);
  }

  /** Returns the verified body, or throws ProtocolError with a reason the master will log. */
  open<T extends Signed>(message: { t: string; body?: string | undefined; sig?: string | undefined }, schema: z.ZodMiniType<T>): T {
    if (!this.key) throw new ProtocolError('no_signing_key', `${message.t} refused: no signing key from the master yet`);
    if (!message.sig || message.body === undefined) throw new ProtocolError('unsigned', `${message.t} refused: it is not signed`);
    if (!verify(null, Buffer.from(message.body), this.key, Buffer.from(message.sig, 'base64'))) {
      throw new ProtocolError('bad_signature', `${message.t} refused: the signature does not match the master's key`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.body);
    } catch {
      throw new ProtocolError('bad_message', `${message.t} refused: the signed body is not JSON`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw new ProtocolError('bad_message', `${message.t} refused: ${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`);
    const body = result.data;
    if (body.agent_id !== this.agentId) throw new ProtocolError('wrong_agent', `${message.t} refused: it was signed for agent "${body.agent_id}", this is "${this.agentId}"`);
    const now = Date.now();
    const skewS = MAX_CLOCK_SKEW_MS / 1000;
    if (body.iat > now + MAX_CLOCK_SKEW_MS) {
      throw new ProtocolError('clock_skew', `${message.t} refused: it was issued ${Math.round((body.iat - now) / 1000)} s in the future; the clocks of the master and this host differ by more than ${skewS} s`);
    }
    // Its own issue time bounds its life, whatever expiry it claims.
    const until = Math.min(body.exp, body.iat + COMMAND_TTL_MS) + MAX_CLOCK_SKEW_MS;
    if (until < now) throw new ProtocolError('expired', `${message.t} refused: it expired ${Math.round((now - until) / 1000)} s ago (issued ${Math.round((now - body.iat) / 1000)} s ago; ${skewS} s of clock skew allowed)`);
    if (!this.nonces.add(body.nonce, until)) throw new ProtocolError('replayed', `${message.t} refused: nonce ${body.nonce} was already used`);
    return body;
  }
}
