// The page's side of output subscriptions: several panes may show one command, so watchers are
// counted per command and the master hears only the changes (the first watcher in, the last out).
import type { OutputSubscription } from './api.ts';

export class WatchCounts {
  private readonly counts = new Map<string, number>();
  private readonly send: (message: OutputSubscription) => void;

  constructor(send: (message: OutputSubscription) => void) {
    this.send = send;
  }

  watch(cmdId: string): () => void {
    const count = this.counts.get(cmdId) ?? 0;
    this.counts.set(cmdId, count + 1);
    if (count === 0) this.send({ type: 'subscribe', cmd_ids: [cmdId] });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.counts.get(cmdId)! - 1;
      if (left > 0) return void this.counts.set(cmdId, left);
      this.counts.delete(cmdId);
      this.send({ type: 'unsubscribe', cmd_ids: [cmdId] });
    };
  }

  /** Every watched command in one message, for a new connection (it starts knowing none). */
  all(): OutputSubscription {
    return { type: 'subscribe', cmd_ids: [...this.counts.keys()] };
  }
}
