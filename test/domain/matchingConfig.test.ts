// The experiment file's matching and treatments sections: defaults, shapes, and checks across sections.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkExperiment, type CheckResult } from "../../server/domain/experiment/check.js";
import { treatmentGame } from "../../server/domain/experiment/matching.js";

const demo = (): any => JSON.parse(readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8"));
const withMatching = (matching: unknown, game: object = {}, extra: object = {}): any => {
  const x = demo();
  Object.assign(x.game, game);
  return { ...x, matching, ...extra };
};

function onlyProblem(result: CheckResult, path: string, message: RegExp): void {
  assert.equal(result.ok, false, "expected the file to be refused");
  if (result.ok) return;
  assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
  assert.equal(result.problems[0].path, path);
  assert.match(result.problems[0].message, message);
}

describe("experiment file: matching and treatments", () => {
  it("defaults to arrival matching with no treatments (today's behaviour)", () => {
    const r = checkExperiment(demo());
    assert.ok(r.ok);
    assert.deepEqual(r.config.matching, { mode: "arrival" });
    assert.equal(r.config.treatments, undefined);
  });

  it("accepts every mode with its fields and fills their defaults", () => {
    const cases: Array<[unknown, object]> = [
      [{ mode: "arrival", quotas: { attribute: "gender", counts: { M: 2, F: 2 } } }, {}],
      [{ mode: "partner", cohortSize: 12 }, {}],
      [{ mode: "randomStrangers", cohortSize: 10 }, {}],
      [{ mode: "perfectStrangers", cohortSize: 16, preserveRoles: false }, { rounds: 5 }],
      [{ mode: "matrix", cohortSize: 8, matrix: [[[1, 2, 3, 4], [5, 6, 7, 8]]] }, { rounds: 1 }],
      [{ mode: "rollingStrangers" }, {}],
    ];
    for (const [matching, game] of cases) {
      const r = checkExperiment(withMatching(matching, game));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    }
    const rolling = checkExperiment(withMatching({ mode: "rollingStrangers" }));
    assert.ok(rolling.ok && rolling.config.matching.mode === "rollingStrangers" && rolling.config.matching.fallback === "release");
  });

  it("names the known modes when the mode is unknown", () => {
    onlyProblem(checkExperiment(withMatching({ mode: "strangers" })), "matching.mode", /unknown matching mode.*"perfectStrangers"/);
  });

  it("refuses quotas that do not add up to the group size", () => {
    onlyProblem(checkExperiment(withMatching({ mode: "arrival", quotas: { attribute: "g", counts: { M: 2, F: 1 } } })), "matching.quotas.counts", /add up to 3.*groupSize is 4/);
  });

  it("refuses more perfect-stranger rounds than the engine builds, naming the largest it can", () => {
    onlyProblem(checkExperiment(withMatching({ mode: "perfectStrangers", cohortSize: 16 }, { rounds: 6 })), "game.rounds", /at most 5 round\(s\).*lower game.rounds to 5/);
    onlyProblem(checkExperiment(withMatching({ mode: "perfectStrangers", cohortSize: 12, preserveRoles: true }, { rounds: 2 })), "game.rounds", /at most 1 round/);
  });

  it("refuses cohorts smaller than a group, larger than capacity, or uneven where groups are fixed", () => {
    onlyProblem(checkExperiment(withMatching({ mode: "randomStrangers", cohortSize: 3 })), "matching.cohortSize", /at least 4/);
    onlyProblem(checkExperiment(withMatching({ mode: "randomStrangers", cohortSize: 200 })), "matching.cohortSize", /capacity \(100\)/);
    onlyProblem(checkExperiment(withMatching({ mode: "partner", cohortSize: 10 })), "matching.cohortSize", /use 8 or 12/);
    onlyProblem(checkExperiment(withMatching({ mode: "randomStrangers", cohortSize: 10, preserveRoles: true })), "matching.cohortSize", /preserveRoles/);
  });

  it("refuses a matrix of the wrong shape, each fault by its place", () => {
    const r = checkExperiment(withMatching({ mode: "matrix", cohortSize: 8, matrix: [[[1, 2, 3, 4], [5, 6, 7]], [[1, 2, 3, 9], [4, 4, 5, 6]]] }, { rounds: 3 }));
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => p.path), ["matching.matrix", "matching.matrix.0.1", "matching.matrix.1.0", "matching.matrix.1.1"]);
    assert.match(r.problems[1].message, /3 member\(s\)/);
    assert.match(r.problems[2].message, /beyond the cohort/);
    assert.match(r.problems[3].message, /listed twice in round 2/);
  });

  it("refuses fields a mode does not take", () => {
    onlyProblem(checkExperiment(withMatching({ mode: "partner", cohortSize: 8, fallback: "wait" })), "matching", /"fallback"/);
  });

  it("accepts treatments with parameter overrides and checks them against the game", () => {
    const list = [{ name: "low", params: { multiplier: 1.2 } }, { name: "high", params: { multiplier: 2 } }];
    const ok = checkExperiment({ ...demo(), treatments: { list } });
    assert.ok(ok.ok);
    assert.equal(ok.config.treatments?.assignAt, "entry");
    if (ok.ok) {
      assert.equal(treatmentGame(ok.config.game, ok.config.treatments, "high").multiplier, 2);
      assert.equal(treatmentGame(ok.config.game, ok.config.treatments, "high").endowment, 20);
      assert.equal(treatmentGame(ok.config.game, ok.config.treatments, undefined), ok.config.game);
    }
    onlyProblem(checkExperiment({ ...demo(), treatments: { list: [{ name: "big", params: { groupSize: 3 } }] } }), "treatments.list.0.params.groupSize", /shares game.groupSize/);
    onlyProblem(checkExperiment({ ...demo(), treatments: { list: [{ name: "x", params: { endowment: 0 } }] } }), "treatments.list.0.params.endowment", /./);
    onlyProblem(checkExperiment({ ...demo(), treatments: { list: [{ name: "a" }, { name: "a" }] } }), "treatments.list.1.name", /used twice/);
  });

  it("refuses assignment at group formation when groups change every round", () => {
    onlyProblem(checkExperiment(withMatching({ mode: "rollingStrangers" }, {}, { treatments: { assignAt: "group", list: [{ name: "a" }] } })), "treatments.assignAt", /use "entry"/);
  });
});
