// Builds the TypeORM DataSource for a database URL: `sqlite:<file>` (embedded default) or `postgres://…`.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DataSource } from "typeorm";
import { Init1763770000000 } from "../../migrations/1763770000000-Init.js";
import { LobbyOwners1763780000000 } from "../../migrations/1763780000000-LobbyOwners.js";
import { Dropouts1763790000000 } from "../../migrations/1763790000000-Dropouts.js";
import { GroupedAt1763800000000 } from "../../migrations/1763800000000-GroupedAt.js";
import { Recruitment1763810000000 } from "../../migrations/1763810000000-Recruitment.js";
import { Attributes1763820000000 } from "../../migrations/1763820000000-Attributes.js";
import { Cohorts1763830000000 } from "../../migrations/1763830000000-Cohorts.js";
import { MetPairs1763840000000 } from "../../migrations/1763840000000-MetPairs.js";
import { EntryCounter1763850000000 } from "../../migrations/1763850000000-EntryCounter.js";
import { ENTITIES } from "./entities.js";

/** Every migration, in order. New ones are appended here when they land. */
export const MIGRATIONS = [Init1763770000000, LobbyOwners1763780000000, Dropouts1763790000000, GroupedAt1763800000000, Recruitment1763810000000, Attributes1763820000000, Cohorts1763830000000, MetPairs1763840000000, EntryCounter1763850000000];

export interface DataSourceOptions {
  /** `sqlite:data/cohort.sqlite`, `sqlite::memory:` or a `postgres://` URL. */
  url: string;
  /** Most open PostgreSQL connections of this process. Default 10. */
  poolSize?: number;
}

/** A configured, not yet initialised DataSource. */
export function createDataSource({ url, poolSize = 10 }: DataSourceOptions): DataSource {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as const;
  if (url.startsWith("sqlite:")) {
    const database = url.slice("sqlite:".length);
    if (database !== ":memory:") mkdirSync(dirname(database), { recursive: true });
    return new DataSource({
      type: "better-sqlite3",
      database,
      // WAL lets the export read while rooms write; FULL sync makes every commit survive a power cut, not only a process crash.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = FULL");
        db.pragma("busy_timeout = 5000");
      },
      ...common,
    });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return new DataSource({ type: "postgres", url, extra: { max: poolSize }, ...common });
  }
  throw new Error(`DATABASE_URL "${url}" is neither sqlite:<file> nor postgres://…; set it to one of those.`);
}
