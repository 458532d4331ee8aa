// Points to money, and the completion link.
import assert from "node:assert/strict";
import { completionUrl, payFor, waitedMs } from "../../server/domain/payment.js";

const gbp = { currency: "GBP", perPoint: 0.01, participationFee: 1.5 };

describe("payment", () => {
  describe("payFor", () => {
    it("pays waiting time per minute on top, rounded to cents", () => {
      const rule = { currency: "GBP", perPoint: 0.01, participationFee: 1, waitingBonusPerMinute: 0.1 };
      assert.deepEqual(payFor(rule, 100, 150_000), { currency: "GBP", fee: 1, bonus: 1, waiting: 0.25, total: 2.25 });
      assert.equal(payFor(rule, 0, -5).waiting, 0);
    });

    it("measures waiting from entering the lobby to being grouped, or to leaving it", () => {
      assert.equal(waitedMs({ lobbyEnteredAt: 1000, groupedAt: 61_000, completedAt: 900_000 }), 60_000);
      assert.equal(waitedMs({ lobbyEnteredAt: 1000, groupedAt: null, completedAt: 31_000 }), 30_000);
      assert.equal(waitedMs({ lobbyEnteredAt: null, groupedAt: null, completedAt: 31_000 }), 0);
      assert.equal(waitedMs({ lobbyEnteredAt: 1000, groupedAt: null, completedAt: null }), 0);
    });

    it("pays the fee plus points × rate", () => {
      assert.deepEqual(payFor(gbp, 123), { currency: "GBP", fee: 1.5, bonus: 1.23, waiting: 0, total: 2.73 });
    });

    it("pays the fee alone for no points, and never a negative bonus", () => {
      assert.deepEqual(payFor(gbp, 0), { currency: "GBP", fee: 1.5, bonus: 0, waiting: 0, total: 1.5 });
      assert.deepEqual(payFor(gbp, -40), { currency: "GBP", fee: 1.5, bonus: 0, waiting: 0, total: 1.5 });
    });

    it("rounds to cents, also after adding fee and bonus", () => {
      assert.equal(payFor({ currency: "USD", perPoint: 0.333, participationFee: 0 }, 10).bonus, 3.33);
      // 0.1 + 0.2 is 0.30000000000000004 in floating point; the total must still be whole cents.
      assert.equal(payFor({ currency: "EUR", perPoint: 0.1, participationFee: 0.1 }, 2).total, 0.3);
      assert.equal(payFor({ currency: "EUR", perPoint: 0.01, participationFee: 0 }, 52.3).bonus, 0.52);
    });
  });

  describe("completionUrl", () => {
    it("puts the code in place of {code}", () => {
      assert.equal(completionUrl("https://app.prolific.com/submissions/complete?cc={code}", "C1A2B3C4"), "https://app.prolific.com/submissions/complete?cc=C1A2B3C4");
    });

    it("replaces every {code} and URL-encodes the code", () => {
      assert.equal(completionUrl("https://x.org/{code}?again={code}", "A B&C"), "https://x.org/A%20B%26C?again=A%20B%26C");
    });

    it("leaves a template without {code} unchanged", () => {
      assert.equal(completionUrl("https://x.org/done", "C1"), "https://x.org/done");
    });
  });
});
