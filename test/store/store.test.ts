// Runs the Store contract on every implementation, and checks that migrations and entities agree on each database.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSource } from "typeorm";
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
  });
});
