// Checks shared by the matching tests: a round is a partition, groups have the right size, nobody meets twice.
import assert from "node:assert/strict";

/** Every group has exactly g members, nobody is seated twice in a round, seated ∪ byes is everyone. */
export function assertRound<T>(groups: readonly (readonly T[])[], byes: readonly T[], everyone: readonly T[], g: number, where = ""): void {
  const seen = new Set<T>();
  for (const group of groups) {
    assert.equal(group.length, g, `${where} group ${JSON.stringify(group)} has ${group.length}, not ${g}`);
    for (const p of group) {
      assert.ok(!seen.has(p), `${where} ${String(p)} is seated twice`);
      seen.add(p);
    }
  }
  for (const p of byes) {
    assert.ok(!seen.has(p), `${where} ${String(p)} both plays and sits out`);
    seen.add(p);
  }
  assert.equal(seen.size, everyone.length, `${where} ${everyone.length - seen.size} participant(s) neither play nor sit out`);
  for (const p of everyone) assert.ok(seen.has(p), `${where} ${String(p)} is missing`);
}

/** Number of pairs that share a group more than once across the rounds (0 for perfect strangers). */
export function repeatMeetings<T>(rounds: readonly (readonly (readonly T[])[])[]): number {
  const met = new Map<string, number>();
  let repeats = 0;
  for (const groups of rounds) {
    for (const group of groups) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const key = JSON.stringify([group[i], group[j]].map(String).sort());
          const c = (met.get(key) ?? 0) + 1;
          met.set(key, c);
          if (c > 1) repeats++;
        }
      }
    }
  }
  return repeats;
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
