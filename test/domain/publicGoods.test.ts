// Public-goods game: payoff rule, contribution bounds and parameter defaults.
import assert from "node:assert/strict";
import fc from "fast-check";
import { CohortError } from "../../server/domain/errors.js";
import { checkContribution, publicGoodsParams, settleRound, type PublicGoodsParams } from "../../server/domain/games/publicGoods.js";

const params = (over: Partial<PublicGoodsParams> = {}): PublicGoodsParams => publicGoodsParams.parse({ type: "publicGoods", ...over });

const isCohortError = (code: string) => (e: unknown) => e instanceof CohortError && e.code === code;

describe("publicGoods", () => {
  describe("settleRound", () => {
    it("pays endowment − own contribution + multiplier × total / n", () => {
      const out = settleRound(params(), [0, 10, 20, 10]);
      assert.equal(out.total, 40);
      assert.equal(out.share, 16); // 1.6 × 40 / 4
      assert.deepEqual(out.payoffs, [36, 26, 16, 26]);
    });

    it("divides by the number of members who decided, not the configured group size", () => {
      const out = settleRound(params({ groupSize: 4 }), [10, 10]);
      assert.equal(out.share, 16); // 1.6 × 20 / 2
      assert.deepEqual(out.payoffs, [26, 26]);
    });

    it("rounds the share and payoffs to 1/100 of a point", () => {
      const out = settleRound(params(), [1, 1, 0]);
      assert.equal(out.share, 1.07); // 1.6 × 2 / 3 = 1.0666…
      assert.deepEqual(out.payoffs, [20.07, 20.07, 21.07]);
    });

    it("settles an empty group to nothing", () => {
      assert.deepEqual(settleRound(params(), []), { total: 0, share: 0, payoffs: [] });
    });

    it("holds for any valid contributions (property)", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 1, max: 40 }).map((x) => x / 10),
          fc.integer({ min: 1, max: 32 }),
          fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
          (endowment, multiplier, n, fractions) => {
            const p = params({ endowment, multiplier });
            const contributions = [...fractions.take(n)].map((f) => Math.floor(f * endowment));
            const out = settleRound(p, contributions);
            assert.equal(out.total, contributions.reduce((a, b) => a + b, 0));
            assert.equal(out.payoffs.length, n);
            contributions.forEach((c, i) => {
              const exact = endowment - c + (multiplier * out.total) / n;
              assert.ok(Math.abs(out.payoffs[i] - exact) <= 0.005 + 1e-9, `payoff ${out.payoffs[i]} vs ${exact}`);
              assert.equal(out.payoffs[i], Math.round(out.payoffs[i] * 100) / 100, "payoff has at most two decimals");
            });
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe("checkContribution", () => {
    it("accepts whole numbers from 0 to the endowment", () => {
      const p = params({ endowment: 20 });
      for (const v of [0, 1, 13, 20]) assert.equal(checkContribution(p, v), v);
    });

    for (const [what, value] of [
      ["a fraction", 2.5], ["a negative number", -1], ["more than the endowment", 21], ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
    ] as const) {
      it(`refuses ${what} with contribution_out_of_range`, () => {
        assert.throws(() => checkContribution(params({ endowment: 20 }), value), isCohortError("contribution_out_of_range"));
      });
    }

    it("says which range is allowed", () => {
      assert.throws(() => checkContribution(params({ endowment: 15 }), 16), (e: Error) => /\[0, 15\]/.test(e.message));
    });
  });

  describe("params schema", () => {
    it("fills every default", () => {
      assert.deepEqual(params(), {
        type: "publicGoods", endowment: 20, multiplier: 1.6, groupSize: 4, rounds: 3, live: true, defaultContribution: 0,
      });
    });

    it("accepts a default contribution equal to the endowment", () => {
      assert.equal(params({ endowment: 10, defaultContribution: 10 }).defaultContribution, 10);
    });

    it("refuses a default contribution above the endowment and says what to set", () => {
      const r = publicGoodsParams.safeParse({ type: "publicGoods", endowment: 20, defaultContribution: 25 });
      assert.equal(r.success, false);
      const issue = r.error!.issues[0];
      assert.deepEqual(issue.path, ["defaultContribution"]);
      assert.match(issue.message, /between 0 and 20/);
    });

    it("refuses unknown fields and out-of-range values", () => {
      assert.equal(publicGoodsParams.safeParse({ type: "publicGoods", endowmnet: 20 }).success, false);
      assert.equal(publicGoodsParams.safeParse({ type: "publicGoods", groupSize: 1 }).success, false);
      assert.equal(publicGoodsParams.safeParse({ type: "publicGoods", multiplier: 0 }).success, false);
      assert.equal(publicGoodsParams.safeParse({ type: "publicGoods", rounds: 2.5 }).success, false);
    });
  });
});
