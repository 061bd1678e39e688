// Fan-out of live events to every subscriber (IPC bridge, WebSocket clients, job engine).
// A throwing subscriber is logged and skipped; it never breaks the emitter.
import type { MasterEvent } from '../preload/api.ts';
import type { Logger } from './observe/log.ts';

export class EventHub {
  private readonly listeners = new Set<(event: MasterEvent) => void>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  on(listener: (event: MasterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: MasterEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err, event: event.type }, 'event listener failed');
      }
    }
  }
}
