// `npm run find:matrices`: the arguments it refuses, with the usage, before any search starts; a quick search found and not written.
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.js";

const run = (...args: string[]) => runCli("find-matrices", ...args);

describe("find:matrices arguments", () => {
  it("refuses an unknown argument with the usage, exit code 2", () => {
    const r = run("15/5", "--fast");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown argument\(s\): --fast\. Usage: npm run find:matrices -- k\/rows … \[--nodes N\] \[--write\] \| --again/);
  });

  it("refuses --nodes without a positive whole number", () => {
    for (const bad of ["-3", "many", "1.5"]) {
      const r = run("15/5", "--nodes", bad);
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, new RegExp(`--nodes must be a positive whole number, e\\.g\\. --nodes 2000000000 \\(got ${bad.replace(".", "\\.")}\\)`), bad);
    }
  });

  it("refuses to run without matrices to search, or with fewer than three rows", () => {
    for (const args of [[], ["15/2"]]) {
      const r = run(...args);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, /name the matrices to search as order\/rows, order at least 2 and at least 3 rows, e\.g\. -- 15\/5/);
    }
  });

  it("reports what a search finds (12 with 6 rows) and writes nothing without --write", () => {
    const r = run("12/6", "--nodes", "60000");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\(12, 6, 1\): FOUND over Z_/);
    assert.doesNotMatch(r.stdout, /wrote/);
  });
});
