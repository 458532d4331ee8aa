// The store prototype measured by the benchmarks (group commit of lock-ins) keeps the Store contract, on SQLite and PostgreSQL: whatever they win in speed, they answer exactly as the store does.
import { createDataSource } from "../../server/store/dataSource.js";
import type { Store } from "../../server/store/port.js";
import { openTypeormStore } from "../../server/store/typeormStore.js";
import { withGroupCommit } from "../../loadtest/groupCommit.js";
import { createPostgresSchema, postgresOrSkip, type PostgresSchema } from "../helpers/services.js";
import { storeContract } from "../store/contract.js";

async function prototypes(url: string): Promise<Store> {
  const ds = createDataSource({ url, poolSize: 4 });
  const store = await openTypeormStore(ds);
  return withGroupCommit(store, ds);
}

describe("loadtest: the group-commit prototype keeps the Store contract", function () {
  storeContract("group commit on SQLite", () => prototypes("sqlite::memory:"));

  describe("on PostgreSQL", function () {
    let base = "";
    const schemas = new Map<Store, PostgresSchema>();
    before(async function () {
      base = await postgresOrSkip(this);
    });
    storeContract(
      "group commit on PostgreSQL",
      async () => {
        const schema = await createPostgresSchema(base);
        const store = await prototypes(schema.url).catch(async (e) => {
          await schema.drop();
          throw e;
        });
        schemas.set(store, schema);
        return store;
      },
      async (store) => {
        await store.close();
        await schemas.get(store)?.drop();
        schemas.delete(store);
      },
    );
  });
});
