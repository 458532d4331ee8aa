// The seedable generator: reproducible, seed-sensitive, bounded; shuffles are permutations; codes avoid look-alikes.
import assert from "node:assert/strict";
import fc from "fast-check";
import { createRng, randomCode } from "../../server/domain/rng.js";

const draw = (seed: string, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe("rng", () => {
  it("gives the same sequence for the same seed", () => {
    assert.deepEqual(draw("session-42", 200), draw("session-42", 200));
  });

  it("gives different sequences for different seeds, even close ones", () => {
    const a = draw("seed-1", 20);
    for (const other of ["seed-2", "seed-10", "Seed-1", ""]) assert.notDeepEqual(draw(other, 20), a, other);
  });

  it("draws next() in [0, 1), spread over the interval", () => {
    const xs = draw("spread", 10_000);
    for (const x of xs) assert.ok(x >= 0 && x < 1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
    assert.ok(xs.some((x) => x < 0.01) && xs.some((x) => x > 0.99));
  });

  it("int(min, max) includes both bounds and nothing outside", () => {
    const rng = createRng("dice");
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(rng.int(1, 6));
    assert.deepEqual([...seen].sort(), [1, 2, 3, 4, 5, 6]);
    assert.equal(createRng("x").int(7, 7), 7);
  });

  it("int stays a whole number within any bounds (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -1_000, max: 1_000 }), fc.integer({ min: 0, max: 1_000 }), (seed, min, span) => {
        const rng = createRng(seed);
        for (let i = 0; i < 20; i++) {
          const v = rng.int(min, min + span);
          assert.ok(Number.isInteger(v) && v >= min && v <= min + span);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("shuffle returns a permutation and leaves the input alone (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.integer(), { maxLength: 50 }), (seed, items) => {
        const before = [...items];
        const out = createRng(seed).shuffle(items);
        assert.deepEqual(items, before, "input untouched");
        assert.notEqual(out, items, "a new array");
        assert.deepEqual([...out].sort((a, b) => a - b), [...items].sort((a, b) => a - b));
        assert.deepEqual(createRng(seed).shuffle(items), out, "reproducible");
      }),
      { numRuns: 200 },
    );
  });

  it("shuffle actually reorders (every item reaches every position)", () => {
    const rng = createRng("positions");
    const firstSeen = new Set<string>();
    for (let i = 0; i < 200; i++) firstSeen.add(rng.shuffle(["a", "b", "c", "d"])[0]);
    assert.deepEqual([...firstSeen].sort(), ["a", "b", "c", "d"]);
  });

  describe("randomCode", () => {
    it("has the requested length and uses only the look-alike-free alphabet", () => {
      const rng = createRng("codes");
      const chars = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const code = randomCode(rng, 8);
        assert.match(code, /^[A-HJ-NP-Z2-9]{8}$/);
        for (const c of code) chars.add(c);
      }
      for (const lookAlike of ["0", "O", "1", "I"]) assert.ok(!chars.has(lookAlike), lookAlike);
      assert.equal(chars.size, 32, "all 32 symbols occur");
      assert.equal(randomCode(rng, 0), "");
    });

    it("is reproducible from the seed", () => {
      assert.equal(randomCode(createRng("s"), 12), randomCode(createRng("s"), 12));
      assert.notEqual(randomCode(createRng("s"), 12), randomCode(createRng("t"), 12));
    });
  });
});
