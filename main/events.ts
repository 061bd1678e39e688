// Fan-out of live events to every subscriber (IPC bridge, WebSocket clients, job engine).
// A throwing subscriber is logged and skipped; it never breaks the emitter. Output events go
// only to the subscribers that asked for that command's output, and are published only when
// one did: the rest of the output needs no bytes on this thread once it is stored.
import type { MasterEvent } from '../preload/api.ts';
import type { Logger } from './observe/log.ts';

/** The commands whose output events a subscriber gets. */
export type OutputFilter = (cmdId: string) => boolean;
const NO_OUTPUT: OutputFilter = () => false;

export class EventHub {
  private readonly listeners = new Map<(event: MasterEvent) => void, OutputFilter>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  /** `outputOf`: the commands whose output events the listener gets (none unless given). */
  on(listener: (event: MasterEvent) => void, outputOf: OutputFilter = NO_OUTPUT): () => void {
    this.listeners.set(listener, outputOf);
    return () => this.listeners.delete(listener);
  }

  /** Whether any subscriber gets this command's output events. */
  wantsOutput(cmdId: string): boolean {
    for (const outputOf of this.listeners.values()) if (outputOf(cmdId)) return true;
    return false;
  }

  emit(event: MasterEvent): void {
    for (const [listener, outputOf] of this.listeners) {
      if (event.type === 'output' && !outputOf(event.cmd_id)) continue;
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err, event: event.type }, 'event listener failed');
      }
    }
  }
}
