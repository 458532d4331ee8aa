// `npm run find:designs`: the arguments it refuses, with the usage, before any search starts.
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.js";
import { requireCadical } from "../helpers/services.js";

const run = (...args: string[]) => runCli("find-designs", ...args);

describe("find:designs arguments", () => {
  it("refuses an unknown argument with the usage, exit code 2", () => {
    const r = run("31/5", "--fast");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown argument\(s\): --fast\. Usage: npm run find:designs -- \[n\/g …\] \[--budget B\] \[--rounds R\]/);
  });

  it("refuses --rounds without a whole number of rounds, or without cases to search", () => {
    for (const args of [["31/5", "--rounds", "0"], ["31/5", "--rounds", "seven"], ["--rounds", "7"], ["31/5", "--rounds"]]) {
      const r = run(...args);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, /--rounds needs a whole number of rounds, at least 2, and the cases to search, e\.g\. -- 31\/5 --rounds 7/, args.join(" "));
    }
  });

  it("refuses --budget without a positive number", () => {
    const r = run("31/5", "--budget", "-3");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--budget must be a positive number of work units, e\.g\. --budget 1e8 \(got -3\)/);
  });

  it("runs the exhaustive search with --exact, its nodes counted by --budget, and writes nothing without --write", () => {
    const r = run("9/3", "--rounds", "3", "--exact", "--budget", "100000");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /9\/3: 3 rounds by the exact search FOUND/);
    assert.doesNotMatch(r.stdout, /wrote/);
  });

  it("climbs past a count it finds nothing for, up to min(bound, ceiling): a larger count has layouts of its own", () => {
    // 41 in fives: the engine builds 8, the 90 % level is 9 and the bound 10; a tiny budget finds neither.
    const r = run("41/5", "--exact", "--budget", "1000");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /41\/5: 9 rounds by the exact search not found[^\n]*\n41\/5: 10 rounds by the exact search not found/);
    assert.doesNotMatch(r.stdout, /41\/5: 11 rounds/);
  });

  it("says why --exact skips a cohort it cannot search, instead of reporting nothing found", () => {
    const big = run("130/5", "--rounds", "3", "--exact");
    assert.equal(big.status, 0, big.stderr);
    assert.match(big.stdout, /130\/5: the exhaustive search takes at most 128 participants; search it without --exact/);
    const twice = run("14/4", "--rounds", "8", "--exact");
    assert.match(twice.stdout, /14\/4: 8 rounds would seat someone out twice/);
  });

  it("refuses modes that do not go together, instead of quietly running one of them", () => {
    for (const [a, b] of [["--exact", "--sat"], ["--rotational", "--write"], ["--again", "--rotational"]]) {
      const r = run("38/6", a, b);
      assert.equal(r.status, 2, `${a} ${b}`);
      assert.match(r.stderr, new RegExp(`${a} and ${b} do not go together: choose one\\. Usage:`), `${a} ${b}`);
    }
  });

  it("refuses --seconds without a positive number", () => {
    const r = run("38/6", "--sat", "--seconds", "soon");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--seconds must be a positive number of seconds, e\.g\. --seconds 300 \(got soon\)/);
  });

  describe("with CaDiCaL", () => {
    before(function () {
      requireCadical(this);
    });

    it("--rotational says which 1-rotational designs exist, which cannot, and which cohorts have no such form", () => {
      const r = run("--rotational", "33/3", "15/3", "34/3", "--seconds", "60");
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /33\/3: exists \([\d.]+ s\), base groups \[\[/);
      assert.match(r.stdout, /15\/3: none exists/);
      assert.match(r.stdout, /34\/3: no 1-rotational form/);
    });

    it("--sat decides a cyclic layout and reports the design it found", () => {
      const r = run("38/6", "--rounds", "7", "--sat", "--seconds", "60");
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /38\/6: 7 rounds, 1 base round\(s\) of 5 orbits of 7 over Z_7 and 3 fixed, by SAT: FOUND/);
      assert.doesNotMatch(r.stdout, /wrote/);
    });

    it("--sat tries a layout over Z_R first, then over the other abelian groups of order R", () => {
      const r = run("15/4", "--rounds", "4", "--sat", "--seconds", "60");
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /15\/4: 4 rounds, 1 base round\(s\) of 3 orbits of 4 over Z_4 and 3 fixed, by SAT: none exists[^\n]*\n15\/4: 4 rounds, 1 base round\(s\) of 3 orbits of 4 over Z_2 × Z_2 and 3 fixed, by SAT: FOUND/);
    });
  });
});
