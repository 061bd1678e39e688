// One shape for teardown. Every long-lived part of the master is a Disposable; the part that
// creates others (the composition root, the store, the job engine) owns them through a
// Disposables, which ends them in reverse order of creation so nothing outlives what it uses.
export interface Disposable {
  dispose(): void | Promise<void>;
}

export class Disposables implements Disposable {
  private readonly parts: Disposable[] = [];
  private readonly onError: (err: unknown) => void;

  /** `onError`: told about a part that failed to dispose; the others are disposed anyway. */
  constructor(onError: (err: unknown) => void) {
    this.onError = onError;
  }

  /** Takes ownership of `part` and returns it. */
  add<T extends Disposable>(part: T): T {
    this.parts.push(part);
    return part;
  }

  async dispose(): Promise<void> {
    for (let part = this.parts.pop(); part; part = this.parts.pop()) {
      try {
        await part.dispose();
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
