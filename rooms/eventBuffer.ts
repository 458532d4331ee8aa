// Batches decision events that need no acknowledgement (live moves, deadline locks) into one write.
import type { Logger } from "pino";
import type { DecisionRecord, Store } from "../server/store/port.js";

/** Collects events and writes them together; a failed write keeps them for the next flush. */
export class EventBuffer {
  private pending: DecisionRecord[] = [];

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly room: string,
  ) {}

  push(...events: DecisionRecord[]): void {
    this.pending.push(...events);
  }

  /** Writes everything pending in one call; safe to call often (nothing pending: nothing written). */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.store.recordEvents(batch);
    } catch (err) {
      this.pending.unshift(...batch);
      this.log.error({ err, room: this.room }, "could not store live events; will retry");
    }
  }
}
