// The one reader of process.env: typed, validated, frozen settings. Nothing else in Cohort reads the environment.
import { z } from "zod";

const DEV_PASSWORD = "cohort-dev";

const schema = z.object({
  /** `production` switches on the strict checks below. */
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** HTTP and websocket port. Default 2567. */
  PORT: z.coerce.number().int().min(0).max(65535).default(2567),
  /**
   * Interface to bind. Defaults to loopback outside production, because the development admin password is public;
   * set HOST=0.0.0.0 to accept participants from other machines.
   */
  HOST: z.string().min(1).optional(),
  /** Base URL participants and researchers reach this server at (used in printed and exported links). */
  PUBLIC_URL: z.string().url().optional(),
  /** `sqlite:<file>` or `postgres://user:pass@host:5432/db`. Default: sqlite:data/cohort.sqlite. */
  DATABASE_URL: z.string().min(1).optional(),
  /** Redis for presence and the matchmaking driver, shared by every process (`redis://host:6379/0`). Unset: in memory. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "use a redis:// or rediss:// URL").optional(),
  /**
   * Where other processes' clients reach this process for websockets, "host:port" or "host/path" without scheme;
   * `{port}` is replaced by PORT, so one value serves every pm2 instance (e.g. `example.org/ws/{port}`).
   */
  PUBLIC_ADDRESS: z.string().min(1).optional(),
  /** Most PostgreSQL connections per process. Default 10. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ADMIN_USER: z.string().min(1).default("admin"),
  ADMIN_PASSWORD: z.string().min(1).optional(),
  /** Experiment file for the demo session created on first start. Set DEMO=false to skip the demo. */
  DEMO_EXPERIMENT: z.string().min(1).default("experiments/demo.json"),
  DEMO: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Settings {
  production: boolean;
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  dbPoolSize: number;
  redisUrl: string | null;
  publicAddress: string | null;
  admin: { user: string; password: string };
  demo: { enabled: boolean; experimentFile: string };
  logLevel: z.output<typeof schema>["LOG_LEVEL"];
}

/** Thrown when the environment is unusable; the message names every variable to set. */
export class EnvError extends Error {}

/** Reads and validates `env` (default: process.env). In production, refuses development defaults. */
export function readSettings(env: Record<string, string | undefined> = process.env): Readonly<Settings> {
  // An empty variable (PORT= in a unit file) means "not set", never zero or an empty password.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if (production) {
    const missing: string[] = [];
    if (!e.DATABASE_URL) missing.push("DATABASE_URL (e.g. postgres://cohort:…@127.0.0.1:5432/cohort)");
    if (!e.PUBLIC_URL) missing.push("PUBLIC_URL (e.g. https://experiments.example.org)");
    if (!e.ADMIN_PASSWORD || e.ADMIN_PASSWORD === DEV_PASSWORD || e.ADMIN_PASSWORD.length < 12) {
      missing.push("ADMIN_PASSWORD (at least 12 characters, not the development default)");
    }
    if (e.REDIS_URL && !e.PUBLIC_ADDRESS) missing.push("PUBLIC_ADDRESS (each process's websocket address, e.g. example.org/ws/{port})");
    if (missing.length) throw new EnvError(`Production mode refuses to start on defaults. Set:\n  ${missing.join("\n  ")}`);
  }
  const host = e.HOST ?? (production ? "0.0.0.0" : "127.0.0.1");
  return Object.freeze({
    production,
    port: e.PORT,
    host,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    databaseUrl: e.DATABASE_URL ?? "sqlite:data/cohort.sqlite",
    dbPoolSize: e.DB_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? null,
    publicAddress: e.PUBLIC_ADDRESS ? e.PUBLIC_ADDRESS.split("{port}").join(String(e.PORT)) : null,
    admin: Object.freeze({ user: e.ADMIN_USER, password: e.ADMIN_PASSWORD ?? DEV_PASSWORD }),
    demo: Object.freeze({ enabled: e.DEMO ? e.DEMO === "true" : !production, experimentFile: e.DEMO_EXPERIMENT }),
    logLevel: e.LOG_LEVEL,
  });
}
