// Checks that an EXEC or KILL really comes from this agent's master: Ed25519 signature over
// the exact body text, not expired (with the master's clock), nonce never seen before.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type * as z from 'zod/mini';
import { ProtocolError } from './protocol.ts';

export class CommandVerifier {
  private key: KeyObject | null = null;
  /** Master clock minus ours, measured at WELCOME. */
  private skewMs = 0;
  /** Nonces seen, kept until their command expires (bounded by the command rate × TTL). */
  private readonly seen = new Map<string, number>();

  trust(publicPem: string, serverTime: number): void {
    this.key = createPublicKey(publicPem);
    this.skewMs = serverTime - Date.now();
  }

  /** Returns the verified body, or throws ProtocolError with a reason the master will log. */
  open<T extends { nonce: string; exp: number }>(message: { t: string; body: string; sig?: string | undefined }, schema: z.ZodMiniType<T>): T {
    if (!this.key) throw new ProtocolError('no_signing_key', `${message.t} refused: no signing key from the master yet`);
    if (!message.sig) throw new ProtocolError('unsigned', `${message.t} refused: it is not signed`);
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
    const now = Date.now() + this.skewMs;
    if (body.exp < now) throw new ProtocolError('expired', `${message.t} refused: it expired ${Math.round((now - body.exp) / 1000)} s ago`);
    for (const [nonce, exp] of this.seen) if (exp < now) this.seen.delete(nonce);
    if (this.seen.has(body.nonce)) throw new ProtocolError('replayed', `${message.t} refused: nonce ${body.nonce} was already used`);
    this.seen.set(body.nonce, body.exp);
    return body;
  }
}
