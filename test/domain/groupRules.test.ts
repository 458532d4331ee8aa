// Named grouping rules a file selects: sameCategory, mixedCategories, checked by groupWaiting and by the file checker.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkExperiment } from "../../server/domain/experiment/check.js";
import { askedAttribute } from "../../server/domain/experiment/matching.js";
import type { Waiting } from "../../server/domain/matching/arrival.js";
import { groupWaiting } from "../../server/domain/matching/quotas.js";
import { GROUP_RULES, groupRule } from "../../server/domain/matching/rules.js";

const lang = (id: string, arrivedAt: number, value?: string): Waiting => ({ id, arrivedAt, ...(value ? { attributes: { lang: value } } : {}) });
const opts = { groupSize: 2, maxWaitMs: 60_000 };
const demo = (): any => JSON.parse(readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8"));

describe("grouping rules", () => {
  it("sameCategory forms the group that fills first, each of one value, and waits for the rest", () => {
    const rule = groupRule({ name: "sameCategory", attribute: "lang" });
    // en fills at t=4 (a, d), de at t=5 (b, e); c (fr) and f (no answer) wait.
    const waiting = [lang("a", 1, "en"), lang("b", 2, "de"), lang("c", 3, "fr"), lang("d", 4, "en"), lang("e", 5, "de"), lang("f", 6)];
    const d = groupWaiting(waiting, { ...opts, rule }, 10);
    assert.deepEqual(d.groups, [["a", "d"], ["b", "e"]]);
    assert.deepEqual(d.expired, []);
  });

  it("mixedCategories seats different values, earliest arrivals first", () => {
    const rule = groupRule({ name: "mixedCategories", attribute: "lang" });
    const waiting = [lang("a", 1, "en"), lang("b", 2, "en"), lang("c", 3, "de"), lang("d", 4, "en"), lang("e", 5, "fr")];
    const d = groupWaiting(waiting, { ...opts, groupSize: 3, rule }, 10);
    assert.deepEqual(d.groups, [["a", "c", "e"]]);
    assert.deepEqual(groupWaiting(waiting.slice(0, 2), { ...opts, rule }, 10).groups, [], "two of one value: wait");
  });

  it("rules still release whoever waited past the limit, and run per treatment", () => {
    const rule = groupRule({ name: "sameCategory", attribute: "lang" });
    const waiting = [lang("old", 0, "en"), { ...lang("a", 50_000, "en"), treatment: "T1" }, { ...lang("b", 50_001, "en"), treatment: "T2" }];
    const d = groupWaiting(waiting, { ...opts, rule }, 60_000);
    assert.deepEqual(d.expired, ["old"]);
    assert.deepEqual(d.groups, [], "same value but different treatments: never together");
  });

  it("refuses a name that is not registered, listing the known ones", () => {
    assert.throws(() => groupRule({ name: "nope", attribute: "x" }), /known: sameCategory, mixedCategories/);
    assert.ok(Object.keys(GROUP_RULES).length >= 2);
  });

  it("the file selects a rule; the checker refuses unknown names, rules with quotas and too few categories", () => {
    const file = (rule: unknown, extra: object = {}) => ({ ...demo(), matching: { mode: "arrival", rule, ...extra } });
    const ok = checkExperiment(file({ name: "sameCategory", attribute: "lang", categories: ["en", "de"], labels: { en: "English", de: "Deutsch" } }));
    assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.problems));
    assert.deepEqual(askedAttribute(ok.config.matching), { name: "sameCategory", attribute: "lang", categories: ["en", "de"], labels: { en: "English", de: "Deutsch" } });
    const unknown = checkExperiment(file({ name: "byAge", attribute: "age", categories: ["young"] }));
    assert.ok(!unknown.ok && unknown.problems.some((p) => p.path === "matching.rule.name" && /sameCategory/.test(p.message)));
    const both = checkExperiment(file({ name: "sameCategory", attribute: "lang", categories: ["en"] }, { quotas: { attribute: "g", counts: { M: 2, F: 2 } } }));
    assert.ok(!both.ok && both.problems.some((p) => p.path === "matching.rule" && /keep one/.test(p.message)));
    const few = checkExperiment(file({ name: "mixedCategories", attribute: "lang", categories: ["en", "de"] }));
    assert.ok(!few.ok && few.problems.some((p) => p.path === "matching.rule.categories" && /at least 4/.test(p.message)), JSON.stringify(!few.ok && few.problems));
  });
});
