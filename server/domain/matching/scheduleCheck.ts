// An independent check of a perfect-stranger schedule: partitions, group sizes, nobody met twice, fair sitting out.
import type { IndexSchedule } from "./roundRobin.js";

/**
 * True when `s` is a valid perfect-stranger schedule for 0..n−1 in groups of g: each round seats ⌊n/g⌋ disjoint
 * groups of exactly g and the other n mod g sit out, no pair shares a group twice, and nobody sits out a second
 * time before everyone has sat out once.
 */
export function isPerfectStrangerSchedule(n: number, g: number, s: IndexSchedule): boolean {
  if (s.byes.length !== s.rounds.length) return false;
  const met = new Uint8Array(n * n);
  const satOut = new Int32Array(n);
  let minSat = 0;
  for (let r = 0; r < s.rounds.length; r++) {
    const seen = new Uint8Array(n);
    const groups = s.rounds[r];
    if (groups.length !== Math.floor(n / g) || s.byes[r].length !== n % g) return false;
    for (const group of groups) {
      if (group.length !== g) return false;
      for (const p of group) {
        if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
        seen[p] = 1;
      }
      for (let i = 0; i < g; i++) {
        for (let j = i + 1; j < g; j++) {
          const code = group[i] * n + group[j];
          if (met[code]) return false;
          met[code] = met[group[j] * n + group[i]] = 1;
        }
      }
    }
    for (const p of s.byes[r]) {
      if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
      seen[p] = 1;
      if (satOut[p] > minSat) return false;
      satOut[p]++;
    }
    while (n > 0 && satOut.every((x) => x > minSat)) minSat++;
  }
  return true;
}
