// Runs the Store contract on every implementation, and checks that migrations and entities agree on each database.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { EntryCounter1763850000000 } from "../../migrations/1763850000000-EntryCounter.js";
import { CohortError } from "../../server/domain/errors.js";
import { createDataSource } from "../../server/store/dataSource.js";
import { createMemoryStore } from "../../server/store/memoryStore.js";
import type { Store } from "../../server/store/port.js";
import { openTypeormStore } from "../../server/store/typeormStore.js";
import { createPostgresSchema, postgresOrSkip, type PostgresSchema } from "../helpers/services.js";
import { demoExperiment, storeContract } from "./contract.js";

/** Runs the migrations on a fresh DataSource and returns the SQL TypeORM would still need to match the entities. */
async function pendingSchemaChanges(url: string): Promise<{ ds: DataSource; up: string[] }> {
  const ds = createDataSource({ url });
  await openTypeormStore(ds);
  const log = await ds.driver.createSchemaBuilder().log();
  return { ds, up: log.upQueries.map((q) => q.query) };
}

/**
 * Undoes the entry-counter migration on a store with participants in two sessions, applies it again, and checks that
 * the counter picked up the rows: the sessions then admit exactly up to capacity.
 */
async function checkBackfill(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 2 });
  const store = await openTypeormStore(ds);
  try {
    const id = (platformId: string) => ({ platform: "label" as const, platformId, studyId: null, platformSessionId: null });
    const s1 = await store.createSession({ code: "BACKFIL1", label: "b", experiment: demoExperiment(), seed: "s" });
    const s2 = await store.createSession({ code: "BACKFIL2", label: "b", experiment: demoExperiment(), seed: "s" });
    for (const n of ["a", "b", "c"]) await store.enterParticipant(s1.id, id(n), `tok-backfill-1${n}`, 10);
    await store.enterParticipant(s2.id, id("a"), "tok-backfill-2a", 10);
    const q = ds.createQueryRunner();
    try {
      await new EntryCounter1763850000000().down(q);
      await new EntryCounter1763850000000().up(q);
    } finally {
      await q.release();
    }
    const counts = await ds.query(`SELECT code, entered FROM sessions ORDER BY code`);
    assert.deepEqual(counts.map((r: { code: string; entered: number | string }) => [r.code, Number(r.entered)]), [["BACKFIL1", 3], ["BACKFIL2", 1]]);
    await assert.rejects(store.enterParticipant(s1.id, id("d"), "tok-backfill-1d", 3), (e) => e instanceof CohortError && e.code === "session_full");
    assert.equal((await store.enterParticipant(s2.id, id("b"), "tok-backfill-2b", 2)).created, true);
    await assert.rejects(store.enterParticipant(s2.id, id("c"), "tok-backfill-2c", 2), (e) => e instanceof CohortError && e.code === "session_full");
  } finally {
    await store.close();
  }
}

storeContract("in-memory", async () => createMemoryStore());

storeContract("SQLite in memory", () => openTypeormStore(createDataSource({ url: "sqlite::memory:" })));

describe("SQLite file", function () {
  let dir = "";
  let n = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cohort-store-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  storeContract("SQLite file", () => openTypeormStore(createDataSource({ url: `sqlite:${join(dir, `store-${++n}.sqlite`)}` })));

  it("keeps data across closing and reopening the file", async () => {
    const url = `sqlite:${join(dir, "reopen.sqlite")}`;
    const first = await openTypeormStore(createDataSource({ url }));
    const created = await first.createSession({ code: "REOPEN01", label: "r", experiment: demoExperiment(), seed: "s" });
    await first.close();
    const second = await openTypeormStore(createDataSource({ url }));
    try {
      assert.deepEqual(await second.sessionByCode("REOPEN01"), created);
    } finally {
      await second.close();
    }
  });
});

describe("SQLite schema", function () {
  it("the entry counter is backfilled from existing participants by its migration", () => checkBackfill("sqlite::memory:"));

  it("migrations match the entities (schema builder has nothing to add)", async () => {
    const { ds, up } = await pendingSchemaChanges("sqlite::memory:");
    try {
      assert.deepEqual(up, []);
      assert.equal(await ds.showMigrations(), false, "no migration left pending");
    } finally {
      await ds.destroy();
    }
  });
});

describe("PostgreSQL", function () {
  let base = "";
  const schemas = new Map<Store, PostgresSchema>();

  before(async function () {
    base = await postgresOrSkip(this);
  });

  // Every test gets an empty schema of its own, dropped afterwards.
  storeContract(
    "PostgreSQL",
    async () => {
      const schema = await createPostgresSchema(base);
      try {
        const store = await openTypeormStore(createDataSource({ url: schema.url, poolSize: 4 }));
        schemas.set(store, schema);
        return store;
      } catch (e) {
        await schema.drop();
        throw e;
      }
    },
    async (store) => {
      await store.close();
      await schemas.get(store)?.drop();
      schemas.delete(store);
    },
  );

  describe("PostgreSQL schema and processes", function () {
    let schema: PostgresSchema | undefined;
    afterEach(async () => {
      await schema?.drop();
      schema = undefined;
    });

    it("migrations match the entities (schema builder has nothing to add)", async () => {
      schema = await createPostgresSchema(base);
      const { ds, up } = await pendingSchemaChanges(schema.url);
      try {
        assert.deepEqual(up, []);
        assert.equal(await ds.showMigrations(), false, "no migration left pending");
        const [{ current_schema }] = await ds.query("SELECT current_schema()");
        assert.equal(current_schema, schema.name, "the test ran in its own schema");
      } finally {
        await ds.destroy();
      }
    });

    it("two stores on one database (two processes) admit an identity once and respect capacity", async () => {
      schema = await createPostgresSchema(base);
      const a = await openTypeormStore(createDataSource({ url: schema.url, poolSize: 4 }));
      const b = await openTypeormStore(createDataSource({ url: schema.url, poolSize: 4 }));
      try {
        const s = await a.createSession({ code: "TWOPROC1", label: "two", experiment: demoExperiment(), seed: "s" });
        const identity = { platform: "label" as const, platformId: "same", studyId: null, platformSessionId: null };
        const same = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? a : b).enterParticipant(s.id, identity, `tok-same-${i}`, 3)));
        assert.equal(same.filter((r) => r.created).length, 1);
        assert.equal(new Set(same.map((r) => r.participant.id)).size, 1);

        const others = await Promise.allSettled(
          [0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? a : b).enterParticipant(s.id, { ...identity, platformId: `p${i}` }, `tok-${i}`, 3)),
        );
        assert.equal(others.filter((r) => r.status === "fulfilled").length, 2, "capacity 3 minus the one already in");
        assert.equal(await b.countParticipants(s.id), 3);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("two stores on one database: 50 concurrent newcomers against capacity 20 admit exactly 20; 20 entries of one identity make one row", async () => {
      schema = await createPostgresSchema(base);
      const a = await openTypeormStore(createDataSource({ url: schema.url, poolSize: 4 }));
      const b = await openTypeormStore(createDataSource({ url: schema.url, poolSize: 4 }));
      try {
        const s = await a.createSession({ code: "TWOPROC2", label: "two", experiment: demoExperiment(), seed: "s" });
        const id = (platformId: string) => ({ platform: "prolific" as const, platformId, studyId: "study-1", platformSessionId: null });
        const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).enterParticipant(s.id, id(`p${i}`), `tok-many-${i}`, 20)));
        assert.equal(settled.filter((r) => r.status === "fulfilled").length, 20);
        for (const r of settled) if (r.status === "rejected") assert.ok(r.reason instanceof CohortError && r.reason.code === "session_full", String(r.reason));
        assert.equal(await a.countParticipants(s.id), 20);

        const s2 = await b.createSession({ code: "TWOPROC3", label: "two", experiment: demoExperiment(), seed: "s" });
        const same = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).enterParticipant(s2.id, id("same"), `tok-same2-${i}`, 20)));
        assert.equal(same.filter((r) => r.created).length, 1);
        assert.equal(new Set(same.map((r) => r.participant.id)).size, 1);
        assert.equal(await b.countParticipants(s2.id), 1);

        // One identity against newcomers for the last place, from both processes: one answer for all its entries.
        const s3 = await a.createSession({ code: "TWOPROC4", label: "two", experiment: demoExperiment(), seed: "s" });
        for (const n of ["x", "y", "z"]) await a.enterParticipant(s3.id, id(n), `tok-s3-${n}`, 4);
        const race = await Promise.allSettled([
          ...Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).enterParticipant(s3.id, id("racer"), `tok-racer-${i}`, 4)),
          ...Array.from({ length: 10 }, (_, i) => (i % 2 ? b : a).enterParticipant(s3.id, id(`rival${i}`), `tok-rival-${i}`, 4)),
        ]);
        const racer = race.slice(0, 10);
        const won = racer.flatMap((r) => (r.status === "fulfilled" ? [r.value.participant.id] : []));
        assert.ok(won.length === 0 || (won.length === 10 && new Set(won).size === 1), `${won.length} of 10 entries of one identity admitted`);
        assert.equal(await b.countParticipants(s3.id), 4);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("the entry counter is backfilled from existing participants by its migration", async () => {
      schema = await createPostgresSchema(base);
      await checkBackfill(schema.url);
    });
  });
});
