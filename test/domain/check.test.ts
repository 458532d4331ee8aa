// Experiment-file validation: the demo passes frozen with defaults; each kind of mistake is named by path with a fix.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkExperiment, checkExperimentText, type CheckResult, type Problem } from "../../server/domain/experiment/check.js";

const demoText = readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8");
const demo = (): any => JSON.parse(demoText);

function problems(result: CheckResult): Problem[] {
  assert.equal(result.ok, false, "expected the file to be refused");
  return result.ok ? [] : result.problems;
}

/** The single problem reported, checked against the expected path and message. */
function onlyProblem(result: CheckResult, path: string, message: RegExp): void {
  const list = problems(result);
  assert.equal(list.length, 1, JSON.stringify(list));
  assert.equal(list[0].path, path);
  assert.match(list[0].message, message);
}

function assertDeepFrozen(value: unknown, where = "config"): void {
  if (value === null || typeof value !== "object") return;
  assert.ok(Object.isFrozen(value), `${where} is frozen`);
  for (const [k, v] of Object.entries(value)) assertDeepFrozen(v, `${where}.${k}`);
}

describe("checkExperiment", () => {
  it("accepts the demo experiment and returns it deep-frozen", () => {
    const r = checkExperiment(demo());
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.config.name, "Public goods demo");
    assert.equal(r.config.game.groupSize, 4);
    assertDeepFrozen(r.config);
    assert.throws(() => {
      "use strict";
      (r.config.game as { endowment: number }).endowment = 99;
    }, TypeError);
    assert.equal(r.config.game.endowment, 20);
  });

  it("fills in the defaults of everything optional", () => {
    const x = demo();
    delete x.stages;
    delete x.lobby;
    delete x.capacity;
    delete x.consent.title;
    delete x.payment.participationFee;
    x.game = { type: "publicGoods" };
    const r = checkExperiment(x);
    assert.ok(r.ok);
    assert.deepEqual(r.config.stages, { decisionSeconds: 60, resultsSeconds: 15 });
    assert.deepEqual(r.config.lobby, { maxWaitSeconds: 300, inactiveAfterSeconds: 15 });
    assert.equal(r.config.capacity, 100);
    assert.equal(r.config.consent.title, "Consent to take part");
    assert.equal(r.config.payment.participationFee, 0);
    assert.deepEqual(r.config.game, { type: "publicGoods", endowment: 20, multiplier: 1.6, groupSize: 4, rounds: 3, live: true, defaultContribution: 0 });
  });

  it("reports a missing field by its path and asks to add it", () => {
    const x = demo();
    delete x.consent.text;
    onlyProblem(checkExperiment(x), "consent.text", /required.*add it/);
  });

  it("tells a value of the wrong type from a missing one", () => {
    const x = demo();
    x.capacity = "10";
    onlyProblem(checkExperiment(x), "capacity", /expected number, got string; change the value/);
  });

  it("reports an unknown top-level field as a problem of the file and asks to remove it", () => {
    const x = demo();
    x.colour = "red";
    onlyProblem(checkExperiment(x), "(file)", /unknown field.*"colour".*remove/);
  });

  it("reports a misspelt game field under game", () => {
    const x = demo();
    x.game.grupSize = 3;
    onlyProblem(checkExperiment(x), "game", /"grupSize".*check the spelling/);
  });

  it("reports a group size that is too big with the limit and a fix", () => {
    const x = demo();
    x.game.groupSize = 50;
    onlyProblem(checkExperiment(x), "game.groupSize", /at most 32; lower it/);
  });

  it("reports a number that is too small with the limit and a fix", () => {
    const x = demo();
    x.stages.decisionSeconds = 0;
    onlyProblem(checkExperiment(x), "stages.decisionSeconds", /at least 1; raise it/);
  });

  it("reports an unknown game type and lists the known ones", () => {
    const x = demo();
    x.game.type = "ultimatum";
    onlyProblem(checkExperiment(x), "game.type", /unknown game type.*"publicGoods"/);
  });

  it("reports a bad currency with an example of a good one", () => {
    const x = demo();
    x.payment.currency = "pounds";
    onlyProblem(checkExperiment(x), "payment.currency", /three-letter currency code such as GBP/);
  });

  it("reports a default contribution above the endowment", () => {
    const x = demo();
    x.game.defaultContribution = 30;
    onlyProblem(checkExperiment(x), "game.defaultContribution", /between 0 and 20/);
  });

  it("lists every problem at once", () => {
    const x = demo();
    delete x.name;
    x.game.groupSize = 50;
    x.payment.currency = "gbp";
    assert.deepEqual(problems(checkExperiment(x)).map((p) => p.path).sort(), ["game.groupSize", "name", "payment.currency"]);
  });

  it("refuses something that is not an object at all", () => {
    const list = problems(checkExperiment([1, 2]));
    assert.equal(list[0].path, "(file)");
  });
});

describe("checkExperimentText", () => {
  it("accepts the demo file's text", () => {
    assert.equal(checkExperimentText(demoText).ok, true);
  });

  it("reports invalid JSON as a problem of the file and asks to fix the syntax", () => {
    onlyProblem(checkExperimentText('{ "name": "x", }'), "(file)", /not valid JSON.*fix the syntax/);
  });

  it("validates the parsed content too", () => {
    onlyProblem(checkExperimentText(JSON.stringify({ ...demo(), capacity: 0 })), "capacity", /at least 1/);
  });
});
