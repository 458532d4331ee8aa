// A throw-away PostgreSQL schema per benchmark run, dropped afterwards (same approach as the store tests).
import { randomBytes } from "node:crypto";
import { DataSource } from "typeorm";

/** The benchmark database. Override with BENCH_DATABASE_URL. */
export const BENCH_POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface BenchSchema {
  name: string;
  /** The URL with search_path set to the schema. */
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const ds = new DataSource({ type: "postgres", url: baseUrl, extra: { max: 1 }, logging: false, connectTimeoutMS: 3000 });
  await ds.initialize();
  try {
    await ds.query(sql);
  } finally {
    await ds.destroy();
  }
}

/** Creates an empty schema named cohort_bench_<pid>_<random> in the database at `baseUrl`. */
export async function createBenchSchema(baseUrl = BENCH_POSTGRES_URL): Promise<BenchSchema> {
  const name = `cohort_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(baseUrl, `CREATE SCHEMA "${name}"`);
  const url = `${baseUrl}${baseUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  let dropped = false;
  return {
    name,
    url,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await adminQuery(baseUrl, `DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    },
  };
}
