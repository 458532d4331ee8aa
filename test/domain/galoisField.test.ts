// Finite fields: prime powers recognised, field laws hold for every order the constructions use.
import assert from "node:assert/strict";
import { galoisField, primePower } from "../../server/domain/matching/galoisField.js";

describe("galoisField", () => {
  it("recognises prime powers and nothing else", () => {
    assert.deepEqual(primePower(2), { p: 2, k: 1 });
    assert.deepEqual(primePower(64), { p: 2, k: 6 });
    assert.deepEqual(primePower(81), { p: 3, k: 4 });
    assert.deepEqual(primePower(97), { p: 97, k: 1 });
    for (const q of [0, 1, 6, 12, 36, 100, 2.5]) assert.equal(primePower(q), null, String(q));
    assert.equal(galoisField(6), null);
    assert.equal(galoisField(512), null, "beyond the largest field built");
  });

  for (const q of [2, 3, 4, 5, 7, 8, 9, 16, 25, 27, 32, 49, 64, 81]) {
    it(`GF(${q}) satisfies the field laws`, () => {
      const f = galoisField(q)!;
      assert.equal(f.q, q);
      for (let a = 0; a < q; a++) {
        assert.equal(f.add(a, 0), a);
        assert.equal(f.mul(a, 1), a);
        assert.equal(f.mul(a, 0), 0);
        assert.equal(f.add(f.sub(a, 1), 1), a);
        // Every non-zero element has exactly one inverse: multiplication by it is a permutation.
        if (a > 0) assert.equal(new Set(Array.from({ length: q }, (_, b) => f.mul(a, b))).size, q);
        for (let b = 0; b < q; b++) {
          assert.equal(f.add(a, b), f.add(b, a));
          assert.equal(f.mul(a, b), f.mul(b, a));
        }
      }
      // Associativity and distributivity on a sample of triples (all of them for small q).
      const step = Math.max(1, Math.floor(q / 9));
      for (let a = 0; a < q; a += step) for (let b = 0; b < q; b += step) for (let c = 0; c < q; c += step) {
        assert.equal(f.mul(a, f.add(b, c)), f.add(f.mul(a, b), f.mul(a, c)));
        assert.equal(f.mul(a, f.mul(b, c)), f.mul(f.mul(a, b), c));
        assert.equal(f.add(a, f.add(b, c)), f.add(f.add(a, b), c));
      }
    });
  }
});
