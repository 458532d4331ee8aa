// Arrival-time grouping: order, leftovers, expiry before grouping, queue positions; invariants as properties.
import assert from "node:assert/strict";
import fc from "fast-check";
import { queuePosition, type Waiting } from "../../server/domain/matching/arrival.js";
import { groupWaiting } from "../../server/domain/matching/quotas.js";

/** Plain arrival grouping (no quotas, rule or inactive participants), as the lobby runs it. */
const groupByArrival = (waiting: readonly Waiting[], groupSize: number, maxWaitMs: number, now: number) => {
  const { groups, expired } = groupWaiting(waiting, { groupSize, maxWaitMs }, now);
  return { groups, expired };
};

const w = (id: string, arrivedAt: number): Waiting => ({ id, arrivedAt });

describe("matching by arrival", () => {
  describe("groupByArrival", () => {
    it("forms groups in order of arrival, whatever the input order", () => {
      const waiting = [w("c", 30), w("a", 10), w("e", 50), w("b", 20), w("d", 40)];
      const d = groupByArrival(waiting, 2, 60_000, 100);
      assert.deepEqual(d.groups, [["a", "b"], ["c", "d"]]);
      assert.deepEqual(d.expired, []);
    });

    it("leaves an incomplete group waiting", () => {
      const d = groupByArrival([w("a", 1), w("b", 2), w("c", 3)], 4, 60_000, 100);
      assert.deepEqual(d, { groups: [], expired: [] });
    });

    it("breaks arrival ties by id so the result does not depend on input order", () => {
      const one = groupByArrival([w("b", 5), w("a", 5), w("c", 6)], 2, 60_000, 10);
      const two = groupByArrival([w("c", 6), w("a", 5), w("b", 5)], 2, 60_000, 10);
      assert.deepEqual(one.groups, [["a", "b"]]);
      assert.deepEqual(two.groups, one.groups);
    });

    it("releases those who waited maxWaitMs or longer before grouping the rest", () => {
      // now = 10 000, maxWait = 5 000: "old" waited 6 000 and "edge" exactly 5 000; both go.
      const waiting = [w("old", 4_000), w("edge", 5_000), w("x", 6_000), w("y", 7_000), w("z", 8_000)];
      const d = groupByArrival(waiting, 2, 5_000, 10_000);
      assert.deepEqual(d.expired, ["old", "edge"]);
      assert.deepEqual(d.groups, [["x", "y"]], "expired participants are never seated; z keeps waiting");
    });

    it("seats everyone exactly once, earliest first, in full groups only (property)", () => {
      const waitingList = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), arrivedAt: fc.integer({ min: 0, max: 1_000 }) }), {
        selector: (x) => x.id, maxLength: 40,
      });
      fc.assert(
        fc.property(waitingList, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 1_000 }), (waiting, g, maxWait) => {
          const now = 1_000;
          const d = groupByArrival(waiting, g, maxWait, now);
          const seated = d.groups.flat();
          const expiredSet = new Set(d.expired);
          // Nobody appears twice, nobody is both released and seated.
          assert.equal(new Set([...seated, ...d.expired]).size, seated.length + d.expired.length);
          // Exactly those who waited too long are released.
          assert.deepEqual([...expiredSet].sort(), waiting.filter((x) => now - x.arrivedAt >= maxWait).map((x) => x.id).sort());
          // Every group is full, and as many as possible are formed.
          const eligible = waiting.filter((x) => !expiredSet.has(x.id));
          for (const grp of d.groups) assert.equal(grp.length, g);
          assert.equal(d.groups.length, Math.floor(eligible.length / g));
          // Nobody still waiting arrived before somebody seated.
          const at = new Map(waiting.map((x) => [x.id, x.arrivedAt]));
          const seatedSet = new Set(seated);
          const latestSeated = Math.max(-Infinity, ...seated.map((id) => at.get(id)!));
          for (const x of eligible) if (!seatedSet.has(x.id)) assert.ok(x.arrivedAt >= latestSeated);
          // Within and across groups, seats follow arrival.
          for (let i = 1; i < seated.length; i++) assert.ok(at.get(seated[i - 1])! <= at.get(seated[i])!);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe("queuePosition", () => {
    const waiting = [w("c", 30), w("a", 10), w("e", 50), w("b", 20), w("d", 40)];

    it("gives the 1-based position in order of arrival", () => {
      assert.equal(queuePosition(waiting, "a", 4).position, 1);
      assert.equal(queuePosition(waiting, "c", 4).position, 3);
      assert.equal(queuePosition(waiting, "e", 4).position, 5);
    });

    it("counts how many more are needed to complete the last group", () => {
      assert.equal(queuePosition(waiting, "a", 4).needed, 3); // 5 waiting: one full group + 1 → 3 more
      assert.equal(queuePosition(waiting, "a", 5).needed, 0); // exactly one full group
      assert.equal(queuePosition(waiting.slice(0, 2), "a", 3).needed, 1);
    });

    it("agrees with the order groupByArrival seats people in, ties included (property)", () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), arrivedAt: fc.integer({ min: 0, max: 5 }) }), {
            selector: (x) => x.id, minLength: 1, maxLength: 12,
          }),
          (list) => {
            const seatOrder = groupByArrival(list, list.length, Infinity, 0).groups[0];
            seatOrder.forEach((id, i) => assert.equal(queuePosition(list, id, list.length).position, i + 1));
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
