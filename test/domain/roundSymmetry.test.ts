// Relabellings that keep fixed rounds, and one representative per class of choices.
import assert from "node:assert/strict";
import { automorphisms, representatives } from "../../server/domain/matching/roundSymmetry.js";

const rows = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => i * 4 + j));
const columns = Array.from({ length: 4 }, (_, j) => Array.from({ length: 4 }, (_, i) => i * 4 + j));

describe("round symmetry", () => {
  it("finds every relabelling of a 4 × 4 grid that keeps its rows and its columns (4!·4!), and those fixing a cell (3!·3!)", () => {
    const all = automorphisms(16, [{ groups: rows, byes: [] }, { groups: columns, byes: [] }], []);
    assert.equal(all.length, 576);
    assert.equal(new Set(all.map((p) => p.join())).size, 576);
    for (const perm of all) {
      for (const round of [rows, columns]) {
        const images = new Set(round.map((grp) => grp.map((p) => perm[p]).sort((a, b) => a - b).join()));
        assert.deepEqual(images, new Set(round.map((grp) => grp.join())));
      }
    }
    const fixing = automorphisms(16, [{ groups: rows, byes: [] }, { groups: columns, byes: [] }], [0]);
    assert.equal(fixing.length, 36);
    assert.ok(fixing.every((p) => p[0] === 0));
    assert.equal(automorphisms(16, [{ groups: rows, byes: [] }], [], 100).length, 100, "stops at the limit");
  });

  it("keeps sitters as sitters", () => {
    const perms = automorphisms(5, [{ groups: [[0, 1], [2, 3]], byes: [4] }], []);
    assert.equal(perms.length, 8);
    assert.ok(perms.every((p) => p[4] === 4));
  });

  it("keeps one choice per class: any cell of the grid is one class; a pair of cells is one of three (same row, same column, neither)", () => {
    const perms = automorphisms(16, [{ groups: rows, byes: [] }, { groups: columns, byes: [] }], []);
    assert.equal(representatives(Array.from({ length: 16 }, (_, p) => [[p]]), perms).length, 1);
    const pairs: number[][][] = [];
    for (let p = 0; p < 16; p++) for (let q = p + 1; q < 16; q++) pairs.push([[p, q]]);
    assert.deepEqual(representatives(pairs, perms), [[[0, 1]], [[0, 4]], [[0, 5]]]);
    // Under the identity alone nothing is merged.
    assert.equal(representatives(pairs, [Array.from({ length: 16 }, (_, p) => p)]).length, pairs.length);
  });
});
