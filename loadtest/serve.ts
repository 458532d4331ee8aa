// The Cohort server under test, in its own process: createApp over the chosen store, driven by the harness over IPC.
// Usage: forked by loadtest/lib/children.ts with one JSON argument (ServeConfig). Not a production entry point.
import "../server/polyfills.js";
import { matchMaker } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import pino from "pino";
import type { GroupRoomOptions } from "../rooms/GroupRoom.js";
import { createApp } from "../server/app.js";
import type { ExperimentInput } from "../server/domain/experiment/schema.js";
import { consent, createSession, enter } from "../server/sessionService.js";
import { createDataSource } from "../server/store/dataSource.js";
import { createMemoryStore } from "../server/store/memoryStore.js";
import type { Store } from "../server/store/port.js";
import { openTypeormStore } from "../server/store/typeormStore.js";
import { withGroupCommit } from "./groupCommit.js";
import { installProbe } from "./lib/probe.js";
import { applyRoomVariant, type RoomVariant } from "./lib/roomVariants.js";
import { SpreadHeartbeatTransport } from "../server/transport.js";

export interface ServeConfig {
  /** "memory" (default), "sqlite:<file>" or a postgres:// URL (the harness owns the schema). */
  store?: string;
  /** PostgreSQL pool size. Default 10 (as DB_POOL_SIZE). */
  poolSize?: number;
  /** Listen port; 0 (default) picks a free one. Always loopback. */
  port?: number;
  /**
   * Heartbeat of the ws transport. Absent: whatever createApp uses (server/transport.ts, spread). "burst" is
   * Colyseus's own WebSocketTransport (every client pinged in one loop), "spread" Cohort's SpreadHeartbeatTransport.
   */
  heartbeat?: { kind?: "burst" | "spread"; pingInterval?: number; pingMaxRetries?: number };
  /** Benchmark-only room experiments (see roomVariants.ts). */
  variant?: RoomVariant;
  /** Benchmark-only store prototype: group commit of lock-ins. */
  storeWrap?: { groupCommit?: boolean };
  /** pino level, to stderr. Default "error". */
  logLevel?: string;
  /** Shared Redis presence and driver (several processes, as server/index.ts does with REDIS_URL). */
  redisUrl?: string;
  /** This process's websocket address for clients ("host:port"), as PUBLIC_ADDRESS; needs a fixed `port`. */
  publicAddress?: string;
}

export interface PrepareArgs {
  experiment: ExperimentInput;
  groups: number;
  /** "rooms": groups are formed and their rooms created here (participants join by room id); "lobby": only entered and consented. */
  via: "rooms" | "lobby";
  /** Participants' labels start with this. Default "bench". */
  prefix?: string;
}

export interface Prepared {
  code: string;
  groups: Array<{ roomId: string | null; tokens: string[] }>;
}

async function openStore(spec: string, poolSize: number, wrap: ServeConfig["storeWrap"] = {}): Promise<Store> {
  if (spec === "memory") return createMemoryStore();
  const ds = createDataSource({ url: spec, poolSize });
  let store = await openTypeormStore(ds);
  if (wrap.groupCommit) store = withGroupCommit(store, ds);
  return store;
}

async function main() {
  const config = JSON.parse(process.argv[2] ?? "{}") as ServeConfig;
  if (config.variant) applyRoomVariant(config.variant);
  const store = await openStore(config.store ?? "memory", config.poolSize ?? 10, config.storeWrap);
  const hb = config.heartbeat;
  const transportOptions = { pingInterval: hb?.pingInterval, pingMaxRetries: hb?.pingMaxRetries };
  const transport = !hb ? undefined : hb.kind === "burst" ? new WebSocketTransport(transportOptions) : new SpreadHeartbeatTransport(transportOptions);
  const root = join(__dirname, "..");
  const server = createApp({
    store,
    log: pino({ level: config.logLevel ?? "error" }, pino.destination(2)),
    admin: { user: "admin", password: "bench-password" },
    publicUrl: "http://127.0.0.1",
    clientDir: join(root, "client/dist"),
    experimentsDir: join(root, "experiments"),
    ...(transport ? { transport } : {}),
    ...(config.redisUrl ? { presence: new RedisPresence(config.redisUrl), driver: new RedisDriver(config.redisUrl) } : {}),
    publicAddress: config.publicAddress,
  });

  const probe = installProbe({
    prepare: async (a: PrepareArgs): Promise<Prepared> => {
      const session = await createSession(store, { experiment: a.experiment, seed: "loadtest", label: "load test" });
      const size = session.experiment.game.groupSize;
      const groups: Prepared["groups"] = [];
      for (let g = 0; g < a.groups; g++) {
        const members = [];
        for (let s = 0; s < size; s++) {
          const p = await enter(store, session.code, { label: `${a.prefix ?? "bench"}-${g}-${s}` });
          members.push(await consent(store, p.token, Date.now()));
        }
        let roomId: string | null = null;
        if (a.via === "rooms") {
          const groupId = randomUUID();
          const options: GroupRoomOptions = { sessionId: session.id, groupId, members: members.map((m) => m.id) };
          await store.createGroup({ id: groupId, sessionId: session.id, roomId: groupId, members: options.members, createdAt: Date.now() });
          roomId = (await matchMaker.createRoom("group", options)).roomId;
        }
        groups.push({ roomId, tokens: members.map((m) => m.token) });
      }
      return { code: session.code, groups };
    },
    rooms: async () => ({ rooms: (await matchMaker.query({})).length }),
  }, async () => {
    await server.gracefullyShutdown(false);
    await store.close();
  });

  await server.listen(config.port ?? 0, "127.0.0.1");
  const address = (server.transport as unknown as { server: { address(): AddressInfo } }).server.address();
  probe.ready({ port: address.port, pid: process.pid, processId: matchMaker.processId });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
