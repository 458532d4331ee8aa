import assert from "node:assert/strict";
import { estimateWait } from "../../server/domain/matching/waitEstimate.js";

describe("estimateWait", () => {
  it("needs no wait when nobody more is needed", () => {
    assert.equal(estimateWait([], 0, 0), 0);
  });

  it("has no estimate before two arrivals", () => {
    assert.equal(estimateWait([1000], 3, 2000), null);
  });

  it("multiplies the mean gap between recent arrivals by the number still needed", () => {
    // one arrival every 10 s; 3 more needed, last arrival just now
    assert.equal(estimateWait([0, 10_000, 20_000, 30_000], 3, 30_000), 30);
  });

  it("stretches the gap during a lull", () => {
    assert.equal(estimateWait([0, 10_000, 20_000], 2, 80_000), 120);
  });

  it("looks only at the last `window` arrivals, in any order", () => {
    const old = [0, 1_000, 2_000];
    const recent = [100_000, 160_000, 220_000];
    assert.equal(estimateWait([...recent, ...old].reverse(), 1, 220_000, 3), 60);
  });
});
