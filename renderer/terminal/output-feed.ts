// Feeds one command's output (both streams) into a pane: what is stored is read from the
// master in slices, live chunks are used while they continue exactly where the pane is, and
// any gap (dropped by a slow socket, a reconnect, or paused for flow control) is read back
// from the store. Nothing is shown twice or skipped, and nothing is buffered beyond one slice
// while the pane is busy.
import type { CommandDto, MasterApi, MasterEvent, StreamName } from '../../preload/api.ts';

export interface FeedSink {
  push(stream: StreamName, data: Uint8Array): void;
  hasRoom(): boolean;
}

interface StreamState {
  /** Bytes handed to the sink. */
  shown: number;
  /** Bytes known to exist (stored or seen live). */
  known: number;
  reading: boolean;
}

export const SLICE_BYTES = 256 * 1024;
const STREAMS: readonly StreamName[] = ['stdout', 'stderr'];

export class OutputFeed {
  private readonly api: Pick<MasterApi, 'commands' | 'onEvent'>;
  private readonly cmdId: string;
  private readonly sink: FeedSink;
  private readonly state: Record<StreamName, StreamState> = {
    stdout: { shown: 0, known: 0, reading: false },
    stderr: { shown: 0, known: 0, reading: false },
  };
  private unsubscribe: (() => void) | null = null;
  private disposed = false;
  /** Reports a failed read (the pane shows it); the feed tries again on the next event. */
  onError: (err: unknown) => void = () => undefined;

  constructor(api: Pick<MasterApi, 'commands' | 'onEvent'>, cmdId: string, sink: FeedSink) {
    this.api = api;
    this.cmdId = cmdId;
    this.sink = sink;
  }

  /** Subscribes first, then asks how much is stored, so no chunk falls between the two. */
  start(): void {
    this.unsubscribe = this.api.onEvent((event) => this.onEvent(event));
    this.api.commands.get(this.cmdId).then((command) => this.learn(command), (err) => this.onError(err));
  }

  /** The sink has room again. */
  resume(): void {
    for (const stream of STREAMS) void this.read(stream);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
  }

  shown(stream: StreamName): number {
    return this.state[stream].shown;
  }

  private onEvent(event: MasterEvent): void {
    if (event.type === 'command' && event.command.cmd_id === this.cmdId) this.learn(event.command);
    else if (event.type === 'output' && event.cmd_id === this.cmdId) this.live(event.stream, event.offset, event.data);
  }

  private learn(command: CommandDto): void {
    this.state.stdout.known = Math.max(this.state.stdout.known, command.stdout_bytes);
    this.state.stderr.known = Math.max(this.state.stderr.known, command.stderr_bytes);
    this.resume();
  }

  private live(stream: StreamName, offset: number, data: Uint8Array): void {
    const s = this.state[stream];
    const end = offset + data.length;
    s.known = Math.max(s.known, end);
    if (s.reading || offset > s.shown || !this.sink.hasRoom()) {
      void this.read(stream);
      return;
    }
    if (end <= s.shown) return;
    this.show(stream, data.subarray(s.shown - offset), end);
  }

  private show(stream: StreamName, data: Uint8Array, end: number): void {
    this.state[stream].shown = end;
    if (data.length > 0) this.sink.push(stream, data);
  }

  private async read(stream: StreamName): Promise<void> {
    const s = this.state[stream];
    if (s.reading) return;
    s.reading = true;
    try {
      while (!this.disposed && s.shown < s.known && this.sink.hasRoom()) {
        const slice = await this.api.commands.output(this.cmdId, stream, s.shown, SLICE_BYTES);
        if (this.disposed || slice.data.length === 0) break;
        this.show(stream, slice.data, s.shown + slice.data.length);
      }
    } catch (err) {
      if (!this.disposed) this.onError(err);
    } finally {
      s.reading = false;
    }
  }
}
