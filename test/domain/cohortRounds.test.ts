import assert from "node:assert/strict";
import { cohortStep, type CohortMember } from "../../server/domain/matching/cohortRounds.js";

const plan = [
  { groups: [["a", "b"], ["c", "d"]], byes: ["e"] },
  { groups: [["a", "c"], ["b", "e"]], byes: ["d"] },
];
const members = (over: Record<string, Partial<CohortMember>>) =>
  new Map(["a", "b", "c", "d", "e"].map((id) => [id, { id, roundsPlayed: 0, done: false, waitingSince: 0, ...over[id] }]));

describe("cohortStep", () => {
  it("starts every round-1 group whose members are all back, and moves the round's byes on", () => {
    const s = cohortStep(plan, members({}), 0, 30_000);
    assert.deepEqual(s.start, [{ round: 1, members: ["a", "b"], short: false }, { round: 1, members: ["c", "d"], short: false }]);
    assert.deepEqual(s.byes, [{ id: "e", round: 1 }]);
  });

  it("starts a short group of those back after the regroup wait", () => {
    const big = [{ groups: [["a", "b", "c"]], byes: [] }];
    const m = members({ c: { waitingSince: null } });
    assert.deepEqual(cohortStep(big, m, 1000, 30_000).start, []);
    assert.deepEqual(cohortStep(big, m, 30_000, 30_000).start, [{ round: 1, members: ["a", "b"], short: true }]);
  });

  it("waits for a missing member, and a lone member sits out", () => {
    const m = members({ a: { roundsPlayed: 1, waitingSince: 1000 }, c: { roundsPlayed: 1, waitingSince: null }, b: { roundsPlayed: 1, waitingSince: null }, d: { roundsPlayed: 1 }, e: { roundsPlayed: 1, waitingSince: null } });
    assert.deepEqual(cohortStep(plan, m, 5000, 30_000).start, []);
    const late = cohortStep(plan, m, 31_000, 30_000);
    assert.deepEqual(late.start, [], "alone, a sits out instead of playing a group game by themself");
    assert.deepEqual(late.byes, [{ id: "d", round: 2 }, { id: "a", round: 2 }]);
  });

  it("does not wait for members who are done (removed or ended)", () => {
    const m = members({ a: { roundsPlayed: 1 }, c: { roundsPlayed: 1, done: true, waitingSince: null }, b: { roundsPlayed: 1 }, e: { roundsPlayed: 1 }, d: { roundsPlayed: 1 } });
    const s = cohortStep(plan, m, 0, 30_000);
    assert.deepEqual(s.start, [{ round: 2, members: ["b", "e"], short: false }]);
    assert.deepEqual(s.byes, [{ id: "d", round: 2 }, { id: "a", round: 2 }]);
  });

  it("never starts a round for members still behind or ahead of it", () => {
    const m = members({ a: { roundsPlayed: 0 }, b: { roundsPlayed: 1 } });
    assert.ok(!cohortStep(plan, m, 0, 0).start.some((g) => g.members.includes("a") && g.members.includes("b")));
  });
});
