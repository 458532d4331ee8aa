// Latency recording and summaries: a bounded histogram (perf_hooks), percentiles in milliseconds.
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

export interface Summary {
  count: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Records durations in milliseconds with microsecond resolution; memory stays bounded whatever the count. */
export class LatencyRecorder {
  private h: RecordableHistogram = createHistogram();

  record(ms: number): void {
    // The histogram takes positive integers: microseconds, at least 1.
    this.h.record(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.h.count;
  }

  reset(): void {
    this.h.reset();
  }

  summary(): Summary {
    return summarize(this.h, 1000);
  }
}

/** Percentiles of a histogram whose values are in `unitsPerMs` per millisecond (1e6 for nanoseconds). */
export function summarize(h: { count: number; min: number; max: number; mean: number; percentile(p: number): number }, unitsPerMs: number): Summary {
  if (h.count === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const ms = (x: number) => round3(x / unitsPerMs);
  return { count: h.count, p50: ms(h.percentile(50)), p95: ms(h.percentile(95)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) };
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** A monotonic clock in milliseconds shared by every process on the machine (timeOrigin + now). */
export const clockMs = (): number => performance.timeOrigin + performance.now();
