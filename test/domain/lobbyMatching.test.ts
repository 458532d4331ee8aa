// Lobby grouping: quotas, active-only, treatments, custom rules; rolling strangers and its fallbacks; met pairs.
import assert from "node:assert/strict";
import type { Waiting } from "../../server/domain/matching/arrival.js";
import { emptyMetPairs, hasMet, meeting, meetingReport, pairKey, recordGroups, remeetingsIn } from "../../server/domain/matching/metPairs.js";
import { groupWaiting } from "../../server/domain/matching/quotas.js";
import { groupRollingStrangers } from "../../server/domain/matching/rollingStrangers.js";

const w = (id: string, arrivedAt: number, extra: Partial<Waiting> = {}): Waiting => ({ id, arrivedAt, ...extra });
const sex = (id: string, arrivedAt: number, s: string): Waiting => w(id, arrivedAt, { attributes: { sex: s } });
const MF = { attribute: "sex", counts: { M: 2, F: 2 } };
const opts = { groupSize: 4, maxWaitMs: 60_000 };

describe("metPairs", () => {
  it("records pairs order-free, counts repeats and keeps the last meeting", () => {
    let met = recordGroups(emptyMetPairs(), [["a", "b", "c"]], 100);
    met = recordGroups(met, [["b", "a"]], 200);
    assert.deepEqual(meeting(met, "a", "b"), { count: 2, last: 200 });
    assert.deepEqual(meeting(met, "c", "a"), { count: 1, last: 100 });
    assert.equal(hasMet(met, "a", "d"), false);
    assert.deepEqual(remeetingsIn(met, ["c", "d", "b"]), [{ a: "c", b: "b", count: 1, last: 100 }]);
  });

  it("is plain JSON, survives a round trip and never changes its input", () => {
    const before = recordGroups(emptyMetPairs(), [["x|y", "z"]], 1);
    const copy = JSON.parse(JSON.stringify(before));
    const after = recordGroups(before, [["z", "q"]], 2);
    assert.deepEqual(before, copy);
    assert.equal(hasMet(copy, "z", "x|y"), true);
    assert.equal(hasMet(after, "q", "z"), true);
    assert.notEqual(pairKey("a|b", "c"), pairKey("a", "b|c"), "ids with separators cannot collide");
  });

  it("reports pairs, repeats and repeat meetings", () => {
    const met = recordGroups(recordGroups(emptyMetPairs(), [["a", "b"], ["c", "d"]], 1), [["a", "b"]], 2);
    const report = meetingReport(met);
    assert.deepEqual([report.pairs, report.repeatPairs, report.repeatMeetings], [2, 1, 1]);
    assert.deepEqual(report.rows[0], { a: "a", b: "b", count: 2, last: 2 });
  });
});

describe("groupWaiting", () => {
  it("groups by arrival, G at a time, without quotas, rule or inactive participants", () => {
    const list = [w("c", 30), w("a", 10), w("e", 50), w("b", 20), w("d", 40), w("old", 0)];
    const { unplaceable, ...d } = groupWaiting(list, { groupSize: 2, maxWaitMs: 95 }, 95);
    assert.deepEqual(d, { groups: [["a", "b"], ["c", "d"]], expired: ["old"] }, "e waits; old waited 95 ms and is released");
    assert.deepEqual(unplaceable, []);
  });

  it("fills category quotas with the earliest of each category (oTree's M/F example)", () => {
    const list = [sex("m1", 1, "M"), sex("m2", 2, "M"), sex("m3", 3, "M"), sex("f1", 4, "F")];
    assert.deepEqual(groupWaiting(list, { ...opts, quotas: MF }, 10).groups, [], "one F is not enough");
    const d = groupWaiting([...list, sex("f2", 5, "F"), sex("m4", 6, "M")], { ...opts, quotas: MF }, 10);
    assert.deepEqual(d.groups, [["m1", "m2", "f1", "f2"]]);
  });

  it("skips inactive participants without losing their place", () => {
    const list = [w("a", 1, { active: false }), w("b", 2), w("c", 3), w("d", 4)];
    assert.deepEqual(groupWaiting(list, { ...opts, groupSize: 2 }, 10).groups, [["b", "c"]]);
    assert.deepEqual(groupWaiting([{ ...list[0], active: true }, ...list.slice(1)], { ...opts, groupSize: 2 }, 10).groups, [["a", "b"], ["c", "d"]]);
  });

  it("groups within a treatment only", () => {
    const list = [w("a", 1, { treatment: "T1" }), w("b", 2, { treatment: "T2" }), w("c", 3, { treatment: "T1" }), w("d", 4, { treatment: "T2" })];
    assert.deepEqual(groupWaiting(list, { ...opts, groupSize: 2 }, 10).groups, [["a", "c"], ["b", "d"]]);
  });

  it("names those whose category is not in the quotas", () => {
    const d = groupWaiting([sex("x", 1, "X"), w("none", 2)], { ...opts, quotas: MF }, 10);
    assert.deepEqual(d.unplaceable, ["x", "none"]);
  });

  it("runs a custom rule until it waits, and refuses an invalid answer", () => {
    // Newest first, a design arrival order cannot express.
    const rule = (ws: readonly Waiting[], g: number) => (ws.length >= g ? ws.slice(-g).map((x) => x.id).reverse() : null);
    const d = groupWaiting([w("a", 1), w("b", 2), w("c", 3), w("d", 4), w("e", 5)], { ...opts, groupSize: 2, rule }, 10);
    assert.deepEqual(d.groups, [["e", "d"], ["c", "b"]]);
    assert.throws(() => groupWaiting([w("a", 1), w("b", 2)], { ...opts, groupSize: 2, rule: () => ["a", "a"] }, 10), /2 distinct ids/);
    assert.throws(() => groupWaiting([w("a", 1), w("b", 2)], { ...opts, groupSize: 2, rule: () => ["a", "zz"] }, 10), /waiting participants/);
  });
});

describe("groupRollingStrangers", () => {
  const met = recordGroups(emptyMetPairs(), [["a", "b"], ["c", "d"]], 1_000);
  const two = { groupSize: 2, maxWaitMs: 60_000 };

  it("groups people who have never met, earliest first, and records the new meetings", () => {
    const d = groupRollingStrangers([w("a", 1), w("b", 2), w("c", 3), w("d", 4)], met, two, 10_000);
    assert.deepEqual(d.groups, [["a", "c"], ["b", "d"]]);
    assert.deepEqual(d.remeetings, []);
    assert.equal(hasMet(d.met, "a", "c"), true);
    assert.equal(meeting(d.met, "a", "c")?.last, 10_000);
    assert.equal(hasMet(met, "a", "c"), false, "the input record is unchanged");
  });

  it("under `wait` keeps waiting past the limit rather than re-meet", () => {
    const d = groupRollingStrangers([w("a", 0), w("b", 1)], met, { ...two, fallback: "wait" }, 100_000);
    assert.deepEqual([d.groups, d.expired], [[], []]);
  });

  it("under `release` releases those past the limit with no group of strangers", () => {
    const d = groupRollingStrangers([w("a", 0), w("b", 50_000)], met, { ...two, fallback: "release" }, 60_000);
    assert.deepEqual([d.groups, d.expired], [[], ["a"]]);
  });

  it("under `remeet` groups the overdue with whom they met least recently and flags it", () => {
    // Everyone has met everyone: a (overdue) gets b, met longer ago than c; c, also overdue and now alone, leaves.
    let m = recordGroups(emptyMetPairs(), [["a", "b"]], 1_000);
    m = recordGroups(m, [["b", "c"]], 3_000);
    m = recordGroups(m, [["a", "c"]], 5_000);
    const d = groupRollingStrangers([w("a", 0), w("c", 0), w("b", 2)], m, { ...two, fallback: "remeet" }, 60_000);
    assert.deepEqual(d.groups, [["a", "b"]], "b was met longer ago than c");
    assert.deepEqual(d.remeetings, [{ group: 0, pairs: [{ a: "a", b: "b", count: 1, last: 1_000 }] }]);
    assert.equal(meeting(d.met, "a", "b")?.count, 2);
    assert.deepEqual(d.expired, ["c"]);
  });

  it("under `remeet` releases the overdue when too few are waiting for any group", () => {
    const d = groupRollingStrangers([w("a", 0)], met, { ...two, fallback: "remeet" }, 60_000);
    assert.deepEqual(d.expired, ["a"]);
  });

  it("backtracks to find a group of strangers that the first candidates would block", () => {
    // a has met b and c: the first stranger group holding a is a, d, e.
    const m = recordGroups(emptyMetPairs(), [["a", "b"], ["a", "c"]], 1);
    const d = groupRollingStrangers([w("a", 1), w("b", 2), w("c", 3), w("d", 4), w("e", 5)], m, { groupSize: 3, maxWaitMs: 1e9 }, 10);
    assert.deepEqual(d.groups, [["a", "d", "e"]]);
  });

  it("fills quotas with strangers only", () => {
    const m = recordGroups(emptyMetPairs(), [["m1", "f1"]], 1);
    const list = [sex("m1", 1, "M"), sex("f1", 2, "F"), sex("m2", 3, "M"), sex("f2", 4, "F")];
    const d = groupRollingStrangers(list, m, { groupSize: 2, maxWaitMs: 1e9, quotas: { attribute: "sex", counts: { M: 1, F: 1 } } }, 10);
    assert.deepEqual(d.groups, [["m1", "f2"], ["f1", "m2"]]);
  });
});
