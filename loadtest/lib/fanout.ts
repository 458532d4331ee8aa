// Group fan-out load: every participant sends live updates at a rate; latency from a send to each other member's receipt.
import { LatencyRecorder, clockMs, type Summary } from "./stats.js";

/** One simulated participant's connection, whatever the server (Cohort room or raw ws floor). */
export interface Member {
  group: number;
  seat: number;
  /** Sends a live update carrying `value`. */
  send(value: number): void;
  /** Closes the connection. */
  close(): Promise<void>;
}

export interface WindowResult {
  /** Updates sent inside the window. */
  sent: number;
  /** Receipts (one per other member per update) during the window, whenever the update was sent. */
  delivered: number;
  /** Send → receipt at each other member, for updates sent inside the window. */
  latency: Summary;
  /** Receipts expected for updates sent in the window that had not arrived `graceMs` after it closed. */
  missing: number;
  /** Server refusals (error messages) by code during the window. */
  errors: Record<string, number>;
}

/**
 * Tracks sends and receipts. A value encodes a per-member sequence number (1 … `valueSpace`), so a receipt
 * {group, seat, value} identifies its send without any extra field on the wire.
 */
export class FanoutTracker {
  private pending = new Map<string, { t0: number; remaining: number; inWindow: boolean }>();
  private seq = new Map<string, number>();
  private latency = new LatencyRecorder();
  private inWindow = false;
  private sent = 0;
  private delivered = 0;
  private errors: Record<string, number> = {};

  constructor(private groupSize: number, private valueSpace: number) {}

  /** The next value `member` should send; registers the send. */
  nextValue(group: number, seat: number): number {
    const k = `${group}:${seat}`;
    const n = (this.seq.get(k) ?? 0) + 1;
    this.seq.set(k, n);
    const value = ((n - 1) % this.valueSpace) + 1;
    this.pending.set(`${k}:${value}`, { t0: clockMs(), remaining: this.groupSize - 1, inWindow: this.inWindow });
    if (this.inWindow) this.sent++;
    return value;
  }

  /** A member of `group` received update `value` from `seat`. */
  received(group: number, seat: number, value: number): void {
    const now = clockMs();
    if (this.inWindow) this.delivered++;
    const key = `${group}:${seat}:${value}`;
    const p = this.pending.get(key);
    if (!p) return;
    if (p.inWindow) this.latency.record(now - p.t0);
    if (--p.remaining <= 0) this.pending.delete(key);
  }

  refused(code: string): void {
    if (this.inWindow) this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  beginWindow(): void {
    // Sends from before the window no longer count as in-window; forget those already complete.
    for (const p of this.pending.values()) p.inWindow = false;
    this.latency.reset();
    this.sent = 0;
    this.delivered = 0;
    this.errors = {};
    this.inWindow = true;
  }

  /** Closes the window; waits `graceMs` for late receipts before counting the missing ones. */
  async endWindow(graceMs: number): Promise<WindowResult> {
    this.inWindow = false;
    const sent = this.sent;
    const delivered = this.delivered;
    const errors = { ...this.errors };
    await new Promise((r) => setTimeout(r, graceMs));
    let missing = 0;
    for (const p of this.pending.values()) if (p.inWindow) missing += p.remaining;
    return { sent, delivered, latency: this.latency.summary(), missing, errors };
  }
}

/**
 * Sends from every member at `ratePerSecond`, each on its own timer with a random phase so the load is smooth.
 * Returns a stop function.
 */
export function startMoving(members: Member[], tracker: FanoutTracker, ratePerSecond: number): () => void {
  const period = 1000 / ratePerSecond;
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  for (const m of members) {
    const first = setTimeout(() => {
      if (stopped) return;
      const tick = () => m.send(tracker.nextValue(m.group, m.seat));
      tick();
      timers.push(setInterval(tick, period));
    }, Math.random() * period);
    timers.push(first);
  }
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
  };
}

/** Runs `fn` over `items` with at most `concurrency` in flight; rejects on the first failure. */
export async function eachLimited<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
