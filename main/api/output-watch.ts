// Which commands' live output one client (a WebSocket, the desktop window) receives: the
// commands it subscribed to. Every other event goes to every client.
import type { OutputSubscription } from '../../preload/api.ts';
import { ApiError } from '../base/errors.ts';
import { validate } from '../base/validate.ts';
import { MAX_WATCHED_COMMANDS, outputSubscriptionSchema } from './schemas.ts';

export class OutputWatch {
  /** null: every command's output, for a client that never subscribed (scripts that follow everything). */
  private watched: Set<string> | null;

  /** `all`: until its first subscription message the client gets every command's output. */
  constructor(all: boolean) {
    this.watched = all ? null : new Set();
  }

  /** Applies a subscription message; an invalid one changes nothing and throws a 400 naming the problem. */
  apply(input: unknown): OutputSubscription {
    const message: OutputSubscription = validate(outputSubscriptionSchema, input, 'message');
    const watched = this.watched ?? new Set<string>();
    if (message.type === 'subscribe') {
      const added = new Set(message.cmd_ids.filter((id) => !watched.has(id))).size;
      if (watched.size + added > MAX_WATCHED_COMMANDS) throw new ApiError(400, `cmd_ids: a client may watch at most ${MAX_WATCHED_COMMANDS} commands (it watches ${watched.size})`);
      for (const id of message.cmd_ids) watched.add(id);
    } else {
      for (const id of message.cmd_ids) watched.delete(id);
    }
    this.watched = watched;
    return message;
  }

  wants(cmdId: string): boolean {
    return this.watched === null || this.watched.has(cmdId);
  }
}
