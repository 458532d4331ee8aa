// External services for tests (PostgreSQL, Redis, the SAT solver): use them when reachable; otherwise skip loudly, or fail under CI.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { DataSource } from "typeorm";
import { solverAvailable } from "../../server/cli/satSolver.js";

/** The test database; only tests write to it. Override with TEST_DATABASE_URL. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** The test Redis. Override with TEST_REDIS_URL. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface ServiceOptions {
  /** Where the service is expected. Default: POSTGRES_URL / REDIS_URL. */
  url?: string;
  /** Environment to read CI from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Give up connecting after this long. Default 2000 ms. */
  timeoutMs?: number;
}

/** Why `url` cannot be used, or null when it answers. */
type Probe = (url: string, timeoutMs: number) => Promise<string | null>;

// One probe per service and URL per process, so a missing service costs one timeout, not one per suite.
const probes = new Map<string, Promise<string | null>>();
const warned = new Set<string>();

async function requireService(ctx: Mocha.Context, service: string, probe: Probe, url: string, opts: ServiceOptions): Promise<string> {
  const key = `${service} ${url}`;
  if (!probes.has(key)) probes.set(key, probe(url, opts.timeoutMs ?? 2000));
  const reason = await probes.get(key)!;
  if (reason === null) return url;
  const where = `${service} at ${redact(url)}`;
  // Under CI a missing service is a broken pipeline, never a silently green one.
  if ((opts.env ?? process.env).CI === "true") {
    throw new Error(`${where} is not reachable (${reason}) and CI=true: start ${service} for the test job.`);
  }
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(`\n  ⚠ ${where} was not reachable (${reason}); the ${service} suites were SKIPPED. Start ${service} to run them (under CI=true this fails).\n`);
  }
  ctx.skip();
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

const probePostgres: Probe = async (url, timeoutMs) => {
  const ds = new DataSource({ type: "postgres", url, connectTimeoutMS: timeoutMs, extra: { max: 1 }, logging: false });
  try {
    await ds.initialize();
    await ds.query("SELECT 1");
    return null;
  } catch (e) {
    return errorText(e);
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
};

const probeRedis: Probe = (url, timeoutMs) =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    let reply = "";
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG") ? null : `PING answered ${JSON.stringify(reply.trim())}`);
    });
    socket.on("error", (e) => done(errorText(e)));
  });

function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: unknown[] };
  // Node reports a refused dual-stack connection as an AggregateError with an empty message.
  if (!err.message && Array.isArray(err.errors) && err.errors.length) return errorText(err.errors[0]);
  return err.message || err.code || String(e);
}

/**
 * The PostgreSQL test URL when the server answers. Otherwise skips the calling suite or test (call it from a
 * `before` hook) with a visible warning, or throws when CI=true.
 */
export function postgresOrSkip(ctx: Mocha.Context, opts: ServiceOptions = {}): Promise<string> {
  return requireService(ctx, "PostgreSQL", probePostgres, opts.url ?? POSTGRES_URL, opts);
}

/** The Redis test URL when it answers PING; otherwise skips (or throws when CI=true), like postgresOrSkip. */
export function redisOrSkip(ctx: Mocha.Context, opts: ServiceOptions = {}): Promise<string> {
  return requireService(ctx, "Redis", probeRedis, opts.url ?? REDIS_URL, opts);
}

/** A schema of its own in the test database: tests start empty and never see each other's tables. */
export interface PostgresSchema {
  name: string;
  /** The database URL with `search_path` set to this schema, for createDataSource. */
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates an empty, uniquely named schema in the database at `baseUrl`. */
export async function createPostgresSchema(baseUrl: string): Promise<PostgresSchema> {
  const name = `cohort_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const ds = new DataSource({ type: "postgres", url: baseUrl, extra: { max: 1 }, logging: false });
    await ds.initialize();
    try {
      await ds.query(sql);
    } finally {
      await ds.destroy();
    }
  };
  await admin(`CREATE SCHEMA "${name}"`);
  // pg reads `options` from the connection string; TypeORM then treats the search_path schema as the default one.
  const url = `${baseUrl}${baseUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  return { name, url, drop: () => admin(`DROP SCHEMA IF EXISTS "${name}" CASCADE`) };
}

/**
 * Debian's CaDiCaL for the SAT tests: returns when it answers; otherwise fails under CI (which installs it) and
 * skips loudly elsewhere. Call from a `before` hook with its Mocha context.
 */
export function requireCadical(ctx: Mocha.Context): void {
  if (solverAvailable()) return;
  if (process.env.CI === "true") throw new Error("cadical is missing: install Debian's cadical (apt-get install cadical)");
  console.warn("  ⚠ SAT tests skipped: cadical not found (apt-get install cadical)");
  ctx.skip();
}
