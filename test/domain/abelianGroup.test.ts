// Finite abelian groups for developing designs: the group laws hold, and each group of an order is listed once.
import assert from "node:assert/strict";
import { abelianGroup, abelianGroupsOfOrder } from "../../server/domain/matching/abelianGroup.js";

describe("abelian groups", () => {
  it("obeys the group laws for cyclic and non-cyclic factor lists", () => {
    for (const factors of [[7], [2, 4], [2, 2, 2], [3, 3], [2, 6], [4, 4]]) {
      const G = abelianGroup(factors);
      assert.equal(G.order, factors.reduce((a, f) => a * f, 1));
      const all = Array.from({ length: G.order }, (_, a) => a);
      for (const a of all) {
        assert.equal(G.add(a, 0), a, `0 is the identity of Z_${factors.join("×Z_")}`);
        assert.equal(G.add(a, G.neg(a)), 0);
        for (const b of all) {
          assert.equal(G.add(a, b), G.add(b, a));
          assert.equal(G.sub(a, b), G.add(a, G.neg(b)));
          for (const c of [1, G.order - 1]) assert.equal(G.add(G.add(a, b), c), G.add(a, G.add(b, c)));
        }
      }
    }
  });

  it("tells the groups of one order apart by their elements of order 2", () => {
    const twos = (factors: number[]): number => {
      const G = abelianGroup(factors);
      return Array.from({ length: G.order }, (_, a) => a).filter((a) => a !== 0 && G.neg(a) === a).length;
    };
    assert.deepEqual([[8], [2, 4], [2, 2, 2]].map(twos), [1, 3, 7]);
    assert.equal(twos([3, 3]), 0);
    // A single factor numbers its elements as Z_h does: a + b mod h.
    const Z12 = abelianGroup([12]);
    assert.equal(Z12.add(7, 9), 4);
    assert.equal(Z12.sub(3, 5), 10);
  });

  it("lists every abelian group of an order once, the cyclic one first", () => {
    assert.deepEqual(abelianGroupsOfOrder(8), [[8], [2, 4], [2, 2, 2]]);
    assert.deepEqual(abelianGroupsOfOrder(9), [[9], [3, 3]]);
    assert.deepEqual(abelianGroupsOfOrder(12), [[12], [2, 6]]);
    assert.deepEqual(abelianGroupsOfOrder(30), [[30]]);
    assert.deepEqual(abelianGroupsOfOrder(1), [[1]]);
    // The number of abelian groups of order p^a is the number of partitions of a: 5 for 16, 7 for 32.
    assert.equal(abelianGroupsOfOrder(16).length, 5);
    assert.equal(abelianGroupsOfOrder(32).length, 7);
    assert.equal(abelianGroupsOfOrder(36).length, 4);
    for (const h of [16, 24, 36, 72]) for (const fs of abelianGroupsOfOrder(h)) assert.equal(abelianGroup(fs).order, h);
  });

  it("refuses factors that are not positive integers, or whose order is not the period asked for", () => {
    assert.throws(() => abelianGroup([2, 0]), /not a group/);
    assert.throws(() => abelianGroup([2.5]), /not a group/);
    assert.throws(() => abelianGroup([2, 4], 9), /Z_2 × Z_4 has order 8, not the period 9/);
    assert.equal(abelianGroup([3, 3], 9).order, 9);
  });
});
