// Points to money, and the completion link.
import assert from "node:assert/strict";
import { completionUrl, payFor } from "../../server/domain/payment.js";

const gbp = { currency: "GBP", perPoint: 0.01, participationFee: 1.5 };

describe("payment", () => {
  describe("payFor", () => {
    it("pays the fee plus points × rate", () => {
      assert.deepEqual(payFor(gbp, 123), { currency: "GBP", fee: 1.5, bonus: 1.23, total: 2.73 });
    });

    it("pays the fee alone for no points, and never a negative bonus", () => {
      assert.deepEqual(payFor(gbp, 0), { currency: "GBP", fee: 1.5, bonus: 0, total: 1.5 });
      assert.deepEqual(payFor(gbp, -40), { currency: "GBP", fee: 1.5, bonus: 0, total: 1.5 });
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
