// Re-matching a cohort across rounds (partner, random/perfect strangers, matrix, roles, dropouts); treatment balance.
import assert from "node:assert/strict";
import fc from "fast-check";
import { planRounds, presentGroups, type RematchOptions } from "../../server/domain/matching/rematch.js";
import { assignAtEntry, assignGroups, leastFilled } from "../../server/domain/matching/treatments.js";
import { createRng } from "../../server/domain/rng.js";
import { assertRound, repeatMeetings } from "../helpers/schedules.js";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i + 1}`);
const plan = (n: number, o: Partial<RematchOptions> & Pick<RematchOptions, "mode">, seed = "s") =>
  planRounds(ids(n), { groupSize: 4, rounds: 5, budget: 100_000, ...o }, createRng(seed));

describe("planRounds", () => {
  it("partner: the same random groups every round", () => {
    const p = plan(12, { mode: "partner" });
    assert.equal(p.rounds.length, 5);
    for (const r of p.rounds) assert.deepEqual(r, p.rounds[0]);
    assertRound(p.rounds[0].groups, p.rounds[0].byes, ids(12), 4);
  });

  it("random strangers: new groups each round, sitting out spread evenly", () => {
    const p = plan(14, { mode: "randomStrangers", rounds: 7 });
    p.rounds.forEach((r) => assertRound(r.groups, r.byes, ids(14), 4));
    const sat = ids(14).map((id) => p.rounds.filter((r) => r.byes.includes(id)).length);
    assert.ok(Math.max(...sat) - Math.min(...sat) <= 1, JSON.stringify(sat));
    assert.notDeepEqual(p.rounds[1].groups, p.rounds[0].groups);
  });

  it("random strangers keeping roles: each seat's holder stays in that seat", () => {
    const p = plan(12, { mode: "randomStrangers", preserveRoles: true });
    const seatOf = new Map(p.rounds[0].groups.flatMap((grp) => grp.map((id, s) => [id, s] as const)));
    for (const r of p.rounds) for (const grp of r.groups) grp.forEach((id, s) => assert.equal(seatOf.get(id), s));
  });

  it("perfect strangers: nobody meets twice, with roles kept on request", () => {
    for (const preserveRoles of [false, true]) {
      const p = plan(20, { mode: "perfectStrangers", preserveRoles });
      assert.equal(p.rounds.length, 5);
      assert.equal(repeatMeetings(p.rounds.map((r) => r.groups)), 0);
      p.rounds.forEach((r) => assertRound(r.groups, r.byes, ids(20), 4));
      if (preserveRoles) {
        const seatOf = new Map(p.rounds[0].groups.flatMap((grp) => grp.map((id, s) => [id, s] as const)));
        for (const r of p.rounds) for (const grp of r.groups) grp.forEach((id, s) => assert.equal(seatOf.get(id), s));
      }
    }
  });

  it("perfect strangers: reports fewer achievable rounds than asked rather than repeat a meeting", () => {
    const p = plan(8, { mode: "perfectStrangers", rounds: 3 });
    assert.deepEqual([p.achievable, p.rounds.length], [1, 1]);
  });

  it("matrix: the groups as written, 1-based, with the unlisted sitting out", () => {
    const matrix = [[[1, 2], [3, 4]], [[1, 3], [5, 2]]];
    const p = plan(5, { mode: "matrix", groupSize: 2, rounds: 2, matrix });
    assert.deepEqual(p.rounds, [
      { groups: [["p1", "p2"], ["p3", "p4"]], byes: ["p5"] },
      { groups: [["p1", "p3"], ["p5", "p2"]], byes: ["p4"] },
    ]);
  });

  it("is the same for the same seed (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("partner", "randomStrangers", "perfectStrangers") as fc.Arbitrary<RematchOptions["mode"]>, (seed, mode) => {
        assert.deepEqual(plan(16, { mode }, seed), plan(16, { mode }, seed));
      }),
      { numRuns: 50 },
    );
  });
});

describe("presentGroups", () => {
  it("takes dropouts out of their groups and flags the short groups; nobody is moved", () => {
    const r = { groups: [["a", "b"], ["c", "d"], ["e", "f"]], byes: [] };
    assert.deepEqual(presentGroups(r, new Set(["a", "b", "c", "f"])), { groups: [["a", "b"], ["c"], ["f"]], short: [1, 2] });
    assert.deepEqual(presentGroups(r, new Set(["a", "b"])), { groups: [["a", "b"]], short: [] });
  });
});

describe("treatments", () => {
  it("assigns to the least filled, breaking ties with the seeded Rng", () => {
    assert.equal(leastFilled(["A", "B", "C"], { A: 3, B: 1, C: 2 }, createRng("x")).treatment, "B");
    assert.equal(leastFilled(["A", "B"], { A: 1 }, createRng("x")).treatment, "B", "absent counts are zero");
    const picks = new Set(Array.from({ length: 40 }, (_, i) => leastFilled(["A", "B", "C"], {}, createRng(`t${i}`)).treatment));
    assert.deepEqual([...picks].sort(), ["A", "B", "C"], "ties go every way across seeds");
    assert.throws(() => leastFilled([], {}, createRng("x")), /declare at least one/);
  });

  it("stays balanced within one at entry, and replays from the seed (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 60 }), (seed, k, n) => {
        const names = Array.from({ length: k }, (_, i) => `T${i}`);
        const run = () => {
          const rng = createRng(seed);
          let counts: Record<string, number> = {};
          const got: string[] = [];
          for (let i = 0; i < n; i++) {
            const r = assignAtEntry(`p${i}`, names, counts, rng);
            counts = r.counts;
            got.push(r.assignment.treatment);
            const values = names.map((t) => counts[t] ?? 0);
            assert.ok(Math.max(...values) - Math.min(...values) <= 1);
          }
          return got;
        };
        assert.deepEqual(run(), run());
      }),
      { numRuns: 200 },
    );
  });

  it("assigns whole groups, counting participants, and records why", () => {
    const r = assignGroups([["a", "b"], ["c", "d"], ["e"]], ["X", "Y"], { X: 1 }, createRng("g"));
    assert.deepEqual(r.assignments.map((a) => a.treatment), ["Y", "X", "Y"]);
    assert.deepEqual(r.counts, { X: 3, Y: 3 });
    assert.deepEqual(r.assignments[0], { treatment: "Y", members: ["a", "b"], before: { X: 1, Y: 0 }, tie: false });
  });
});
