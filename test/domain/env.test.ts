// Settings from the environment: development defaults, production refusals, and invalid values. Never reads process.env.
import assert from "node:assert/strict";
import { EnvError, readSettings } from "../../server/env.js";

const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://cohort:secret@db.internal:5432/cohort",
  PUBLIC_URL: "https://experiments.example.org/",
  ADMIN_PASSWORD: "a-long-production-secret",
};

/** The EnvError thrown by readSettings(env). */
function refusal(env: Record<string, string | undefined>): EnvError {
  try {
    readSettings(env);
  } catch (e) {
    assert.ok(e instanceof EnvError, `expected EnvError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected readSettings to refuse the environment");
}

describe("readSettings", () => {
  it("runs on development defaults: SQLite, loopback, the dev password, demo on", () => {
    const s = readSettings({});
    assert.equal(s.production, false);
    assert.equal(s.databaseUrl, "sqlite:data/cohort.sqlite");
    assert.equal(s.host, "127.0.0.1");
    assert.equal(s.port, 2567);
    assert.equal(s.publicUrl, "http://localhost:2567");
    assert.deepEqual(s.admin, { user: "admin", password: "cohort-dev" });
    assert.deepEqual(s.demo, { enabled: true, experimentFile: "experiments/demo.json" });
    assert.equal(s.logLevel, "info");
    assert.equal(s.dbPoolSize, 10);
  });

  it("returns frozen settings", () => {
    const s = readSettings({});
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.admin) && Object.isFrozen(s.demo));
  });

  it("reads explicit values in development", () => {
    const s = readSettings({ PORT: "3000", HOST: "0.0.0.0", DATABASE_URL: "sqlite::memory:", DEMO: "false", LOG_LEVEL: "debug", DB_POOL_SIZE: "4" });
    assert.equal(s.port, 3000);
    assert.equal(s.host, "0.0.0.0");
    assert.equal(s.publicUrl, "http://localhost:3000");
    assert.equal(s.databaseUrl, "sqlite::memory:");
    assert.equal(s.demo.enabled, false);
    assert.equal(s.logLevel, "debug");
    assert.equal(s.dbPoolSize, 4);
  });

  it("refuses production without DATABASE_URL, PUBLIC_URL and ADMIN_PASSWORD, naming each", () => {
    const e = refusal({ NODE_ENV: "production" });
    for (const name of ["DATABASE_URL", "PUBLIC_URL", "ADMIN_PASSWORD"]) assert.match(e.message, new RegExp(name));
  });

  it("names only what is missing", () => {
    const e = refusal({ ...production, PUBLIC_URL: undefined });
    assert.match(e.message, /PUBLIC_URL/);
    assert.doesNotMatch(e.message, /DATABASE_URL|ADMIN_PASSWORD/);
  });

  it("refuses the development password, and short passwords, in production", () => {
    assert.match(refusal({ ...production, ADMIN_PASSWORD: "cohort-dev" }).message, /ADMIN_PASSWORD.*not the development default/);
    assert.match(refusal({ ...production, ADMIN_PASSWORD: "short-pass" }).message, /ADMIN_PASSWORD.*at least 12/);
  });

  it("accepts a full production environment", () => {
    const s = readSettings(production);
    assert.equal(s.production, true);
    assert.equal(s.databaseUrl, production.DATABASE_URL);
    assert.equal(s.publicUrl, "https://experiments.example.org", "trailing slash removed");
    assert.equal(s.host, "0.0.0.0", "production listens on every interface by default");
    assert.deepEqual(s.admin, { user: "admin", password: production.ADMIN_PASSWORD });
    assert.equal(s.demo.enabled, false, "no demo session in production unless asked for");
    assert.equal(readSettings({ ...production, DEMO: "true" }).demo.enabled, true);
  });

  it("reports an invalid PORT by name", () => {
    for (const port of ["http", "70000", "-1", "80.5"]) {
      assert.match(refusal({ PORT: port }).message, /Invalid environment:[\s\S]*PORT/, port);
    }
  });

  it("reports other invalid values by name", () => {
    assert.match(refusal({ NODE_ENV: "staging" }).message, /NODE_ENV/);
    assert.match(refusal({ PUBLIC_URL: "not a url" }).message, /PUBLIC_URL/);
    assert.match(refusal({ LOG_LEVEL: "loud" }).message, /LOG_LEVEL/);
  });
});
