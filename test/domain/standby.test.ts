import assert from "node:assert/strict";
import { groupable, pickStandby, turnover } from "../../server/domain/matching/standby.js";

const w = (id: string, arrivedAt: number) => ({ id, arrivedAt });

describe("standby pool", () => {
  it("holds back the most recent arrivals as standby and groups the earliest", () => {
    const waiting = [w("c", 30), w("a", 10), w("d", 40), w("b", 20)];
    assert.deepEqual(groupable(waiting, 1).map((x) => x.id), ["a", "b", "c"]);
    assert.deepEqual(groupable(waiting, 0).map((x) => x.id), ["a", "b", "c", "d"]);
    assert.deepEqual(groupable(waiting, 9), []);
  });

  it("backfills with whoever has waited longest, ties broken by id", () => {
    assert.equal(pickStandby([w("z", 5), w("y", 5), w("x", 9)])?.id, "y");
    assert.equal(pickStandby([]), null);
  });

  it("applies Pavilion's four turnover rules", () => {
    assert.deepEqual(turnover("waiting", "finished"), { recruit: 1, backfill: false }, "rule 1");
    assert.deepEqual(turnover("active", "finished"), { recruit: 1, backfill: false }, "rule 2");
    assert.deepEqual(turnover("active", "returned"), { recruit: 0, backfill: true }, "rule 3");
    assert.deepEqual(turnover("waiting", "returned"), { recruit: 0, backfill: false }, "rule 4");
  });
});
