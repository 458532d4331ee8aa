// One writer per process for events that need no acknowledgement (live moves, deadline locks): every room's go out together.
import type { Logger } from "pino";
import type { DecisionRecord, Store } from "./port.js";

export interface EventWriterOptions {
  /** Pending events are written at least this often, in one call to `store.recordEvents`. Default 250 ms. */
  intervalMs?: number;
  /** A write starts at once when this many events are pending. Default 5,000. */
  maxPending?: number;
}

/**
 * Collects events from every room of the process and writes them in one `recordEvents` call per interval, instead
 * of one small INSERT per room (1,000 rooms flushing every 250 ms made 4,000 INSERTs a second queue for the same
 * pooled connections; docs/benchmarks.md). Writes never overlap, so events are stored in the order pushed. A failed
 * write keeps its events, in front, for the next attempt.
 */
export class EventWriter {
  private pending: DecisionRecord[] = [];
  /** The write in progress (or the last one), which the next write waits for. */
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly maxPending: number;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    o: EventWriterOptions = {},
  ) {
    this.maxPending = o.maxPending ?? 5_000;
    this.timer = setInterval(() => void this.flush(), o.intervalMs ?? 250);
    this.timer.unref(); // never the reason a process stays up; rooms flush on dispose
  }

  push(...events: DecisionRecord[]): void {
    this.pending.push(...events);
    if (this.pending.length >= this.maxPending) void this.flush();
  }

  /** Resolves once everything pushed before the call is stored, or its write has failed (logged; kept for the next). */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  /** Stops the interval and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.store.recordEvents(batch);
    } catch (err) {
      this.pending = batch.concat(this.pending);
      this.log.error({ err, events: batch.length }, "could not store live events; will retry");
    }
  }
}
