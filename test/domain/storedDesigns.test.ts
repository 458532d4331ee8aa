// Stored designs (found by long offline searches, cyclic or exhaustive): each develops into a valid schedule the engine then uses.
import assert from "node:assert/strict";
import { maxPerfectStrangerRounds, perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { developStored, searchStored, storedDesign, storedFrom, type StoredDesign } from "../../server/domain/matching/storedDesigns.js";
import { STORED_DESIGNS } from "../../server/domain/matching/storedDesignTable.js";
import { createRng } from "../../server/domain/rng.js";

const rounds = (d: StoredDesign): number => d.bases.length * d.period;

describe("stored designs", () => {
  it("each develops into a valid perfect-stranger schedule of the rounds its search was asked for", () => {
    assert.ok(STORED_DESIGNS.length > 0);
    for (const d of STORED_DESIGNS) {
      const s = developStored(d);
      assert.equal(s.rounds.length, d.found.rounds, `${d.n}/${d.g}`);
      assert.equal(rounds(d), d.found.rounds, `${d.n}/${d.g}`);
      assert.ok(isPerfectStrangerSchedule(d.n, d.g, s), `${d.n}/${d.g}`);
      assert.equal(new Set(STORED_DESIGNS.filter((x) => x.n === d.n && x.g === d.g)).size, 1, `one design per (n, g): ${d.n}/${d.g}`);
    }
  });

  it("seats everyone once a round: those a base round leaves out sit out, and move along their orbit", () => {
    const d = storedDesign(72, 4)!;
    const s = developStored(d);
    for (let r = 0; r < s.rounds.length; r++) {
      assert.deepEqual([...s.rounds[r].flat(), ...s.byes[r]].sort((a, b) => a - b), Array.from({ length: 72 }, (_, p) => p));
    }
    // 72 = 3·21 + 9: orbit point 0 goes to 1 in round 2; fixed points (63 and up) stay.
    const first = s.rounds[0].find((grp) => grp.includes(0))!;
    const second = s.rounds[1].find((grp) => grp.includes(1))!;
    assert.deepEqual(second, first.map((p) => (p < 63 ? p - (p % 21) + ((p % 21) + 1) % 21 : p)));
  });

  it("comes out of its recorded search again (72 in fours, the quickest)", () => {
    const d = storedDesign(72, 4)!;
    const again = searchStored(72, 4, d.found);
    assert.ok(again);
    assert.deepEqual(again.bases, d.bases);
  });

  it("keeps what the exhaustive search finds round by round (period 1, no orbits), and finds it again", () => {
    const found = { search: "exact", seed: "", budget: 1_000_000, rounds: 5 } as const;
    const d = searchStored(21, 4, found);
    assert.ok(d);
    assert.equal(d.period, 1);
    assert.equal(d.orbits, 0);
    assert.equal(d.bases.length, 5);
    const s = developStored(d);
    assert.ok(isPerfectStrangerSchedule(21, 4, s));
    // The byes are whoever a round leaves out: one of 21 in fours each round, nobody twice.
    assert.equal(new Set(s.byes.flat()).size, 5);
    assert.deepEqual(searchStored(21, 4, found)?.bases, d.bases);
    // Asked for more rounds than its nodes can settle, it stores nothing.
    assert.equal(searchStored(21, 4, { ...found, budget: 1000, rounds: 6 }), null);
  });

  it("is what the engine builds and the checker allows, where no construction does better", () => {
    for (const [n, g] of [[72, 4], [34, 5]] as const) {
      const d = storedDesign(n, g)!;
      assert.ok(maxPerfectStrangerRounds(n, g) >= rounds(d), `${n}/${g}`);
      const session = perfectStrangerSchedule(n, g, rounds(d), createRng("stored"));
      assert.equal(session.rounds.length, rounds(d));
      assert.ok(isPerfectStrangerSchedule(n, g, session), `${n}/${g}`);
    }
    assert.equal(perfectStrangerSchedule(72, 4, 1, createRng("x")).method, "stored");
  });

  it("refuses to store a schedule that is not developed from its base rounds", () => {
    const d = storedDesign(72, 4)!;
    const s = developStored(d);
    const broken = { rounds: [...s.rounds.slice(0, 20), s.rounds[3]], byes: [...s.byes.slice(0, 20), s.byes[3]] };
    assert.throws(() => storedFrom(72, 4, broken, d.orbits, d.period, d.found), /not developed from its base rounds/);
    assert.throws(() => storedFrom(72, 4, { rounds: s.rounds.slice(0, 20), byes: s.byes.slice(0, 20) }, d.orbits, d.period, d.found), /not whole cycles of 21/);
  });
});
