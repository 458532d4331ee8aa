// Prototype for server/store: one write for the live-move events of every room in the process. GroupRoom flushes its
// own buffer every 250 ms, so 1,000 rooms make ~4,000 small INSERTs a second that queue for the same 10 pooled
// connections; this wrapper merges the flushes that arrive within `intervalMs` into one multi-row INSERT.
import type { DecisionRecord, Store } from "../server/store/port.js";

export interface EventBatchingOptions {
  /** Flushes arriving within this window share one write. Default 100 ms (rooms already wait up to 250 ms). */
  intervalMs?: number;
  /** Rows per INSERT statement (the store chunks further for SQLite). Default 5000. */
  maxBatch?: number;
}

/**
 * `store` with recordEvents coalesced across callers. Each caller's promise settles when the write holding its
 * events does, so GroupRoom's retry-on-failure keeps working unchanged.
 */
export function withEventBatching(store: Store, o: EventBatchingOptions = {}): Store {
  const intervalMs = o.intervalMs ?? 100;
  const maxBatch = o.maxBatch ?? 5000;
  let pending: Array<{ events: readonly DecisionRecord[]; resolve(): void; reject(e: unknown): void }> = [];
  let timer: NodeJS.Timeout | null = null;
  let rows = 0;

  const flush = (): Promise<void> => {
    timer = null;
    const batch = pending;
    pending = [];
    rows = 0;
    const events = batch.flatMap((b) => b.events);
    return store.recordEvents(events).then(() => batch.forEach((b) => b.resolve()), (e) => batch.forEach((b) => b.reject(e)));
  };

  return {
    ...store,
    recordEvents(events) {
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        pending.push({ events, resolve, reject });
        rows += events.length;
        if (rows >= maxBatch) {
          if (timer) clearTimeout(timer);
          void flush();
        } else if (!timer) {
          timer = setTimeout(() => void flush(), intervalMs);
        }
      });
    },
    async close() {
      if (timer) {
        clearTimeout(timer);
        await flush();
      }
      await store.close();
    },
  };
}
