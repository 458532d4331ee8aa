// Estimated wait in the lobby, from the observed arrival rate.

/**
 * Expected seconds until `needed` more participants arrive, given recent arrival times (epoch ms, any order).
 * Uses the mean gap between the last `window` arrivals, stretched when nobody has arrived for longer than that
 * gap. Null when fewer than two arrivals have been seen (no rate to go on). Default window 20.
 */
export function estimateWait(arrivals: readonly number[], needed: number, now: number, window = 20): number | null {
  if (needed <= 0) return 0;
  const recent = [...arrivals].sort((a, b) => a - b).slice(-window);
  if (recent.length < 2) return null;
  const span = recent[recent.length - 1] - recent[0];
  const meanGap = Math.max(span / (recent.length - 1), 1);
  // A lull longer than the usual gap is evidence the rate has dropped: the next arrival is at least that far off.
  const sinceLast = now - recent[recent.length - 1];
  const gap = Math.max(meanGap, sinceLast);
  return Math.round((gap * needed) / 1000);
}
