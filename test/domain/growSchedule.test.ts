// Growing a perfect-stranger schedule by one participant: the newcomer takes a seat per round, its holder sitting out.
import assert from "node:assert/strict";
import { affineSchedule } from "../../server/domain/matching/affine.js";
import { growSchedule } from "../../server/domain/matching/growSchedule.js";
import { maxPerfectStrangerRounds, perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { createRng } from "../../server/domain/rng.js";

describe("growing a schedule by one participant", () => {
  it("gives 72 in sixes' 13 rounds one participant more: valid for 73, the newcomer meeting 60 others once each", () => {
    const base = perfectStrangerSchedule(72, 6, 13, createRng("grow"));
    assert.equal(base.rounds.length, 13);
    const { schedule, work } = growSchedule(72, 6, base);
    assert.ok(schedule && work > 0);
    assert.ok(isPerfectStrangerSchedule(73, 6, schedule));
    assert.equal(schedule.rounds.length, 13);
    const partners = schedule.rounds.flatMap((groups) => groups.filter((grp) => grp.includes(72)).flat()).filter((p) => p !== 72);
    const seatedIn = schedule.rounds.filter((groups) => groups.some((grp) => grp.includes(72))).length;
    assert.equal(partners.length, 5 * seatedIn);
    assert.equal(new Set(partners).size, partners.length, "the newcomer meets nobody twice");
    assert.ok(seatedIn >= 12, "the newcomer sits out one round at most");
    // Everyone else keeps their groups but for the one seat a round the newcomer takes.
    schedule.rounds.forEach((groups, r) => {
      const changed = groups.filter((grp, i) => grp.join() !== [...base.rounds[r][i]].sort((a, b) => a - b).join());
      assert.ok(changed.length <= 1, `round ${r + 1}`);
    });
  });

  it("works again on what it grew: 81 in eights, then 82, then 83 (on 7 rounds)", () => {
    let s = perfectStrangerSchedule(81, 8, 9, createRng("grow"));
    assert.equal(s.rounds.length, 9);
    const grown = growSchedule(81, 8, s).schedule;
    assert.ok(grown && isPerfectStrangerSchedule(82, 8, grown));
    s = { ...s, ...grown };
    // Every seat the first newcomer took now sits out, so the second must find other holders (or fewer rounds).
    const again = growSchedule(82, 8, { rounds: s.rounds.slice(0, 7), byes: s.byes.slice(0, 7) }).schedule;
    assert.ok(again && isPerfectStrangerSchedule(83, 8, again));
    assert.equal(again.byes.flat().length, new Set(again.byes.flat()).size, "nobody sits out twice");
  });

  it("says no when the affine plane's lines all cross: 17 in fours from 16 has a newcomer on at most three of them", () => {
    const plane = affineSchedule(4, 2);
    assert.equal(plane.rounds.length, 5);
    const full = growSchedule(16, 4, plane);
    assert.equal(full.schedule, null);
    assert.ok(full.work > 0);
    const four = growSchedule(16, 4, { rounds: plane.rounds.slice(0, 4), byes: plane.byes.slice(0, 4) }).schedule;
    assert.ok(four && isPerfectStrangerSchedule(17, 4, four));
  });

  it("refuses when the newcomer would make a whole group sit out, and stops at its budget", () => {
    const s = perfectStrangerSchedule(23, 4, 3, createRng("grow"));
    assert.deepEqual(growSchedule(23, 4, s), { schedule: null, work: 0 });
    const base = perfectStrangerSchedule(72, 6, 13, createRng("grow"));
    const cut = growSchedule(72, 6, base, { budget: 10 });
    assert.equal(cut.schedule, null);
    assert.ok(cut.work > 10 && cut.work < 1000);
  });

  it("is what the engine builds for 73 in sixes, and the checker allows its 13 rounds", () => {
    assert.equal(maxPerfectStrangerRounds(73, 6), 13);
    const session = perfectStrangerSchedule(73, 6, 13, createRng("grown"));
    assert.equal(session.method, "grown");
    assert.ok(isPerfectStrangerSchedule(73, 6, session));
  });
});
