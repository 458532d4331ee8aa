// Boots a real Cohort server (in-memory store) for room and HTTP tests through @colyseus/testing.
import "../../server/polyfills.js";
import { matchMaker } from "@colyseus/core";
import { ColyseusTestServer } from "@colyseus/testing";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "../../server/app.js";
import type { ExperimentInput } from "../../server/domain/experiment/schema.js";
import { consent, createSession, enter } from "../../server/sessionService.js";
import { createMemoryStore } from "../../server/store/memoryStore.js";
import type { ParticipantRecord, SessionRecord, Store } from "../../server/store/port.js";

export const ADMIN = { user: "admin", password: "test-password-123" };

export interface TestSession {
  session: SessionRecord;
  /** Enters and consents `n` participants labelled `${prefix}1`…; consent is skipped with `consented: false`. */
  participants(n: number, opts?: { prefix?: string; consented?: boolean }): Promise<ParticipantRecord[]>;
}

export interface TestApp {
  colyseus: ColyseusTestServer;
  store: Store;
  port: number;
  url: string;
  /** Opens a session of `experiment` on this server. */
  open(experiment: ExperimentInput): Promise<TestSession>;
  shutdown(): Promise<void>;
}

let nextPort = 2700 + (process.pid % 500);

/** Starts a server on a fresh port over `store` (in-memory by default). */
export async function startApp(store: Store = createMemoryStore()): Promise<TestApp> {
  const port = nextPort++;
  const url = `http://127.0.0.1:${port}`;
  const server = createApp({
    store, log: pino({ level: "silent" }), admin: ADMIN, publicUrl: url,
    clientDir: join(__dirname, "../../client/dist"), experimentsDir: join(__dirname, "../../experiments"),
    handleSignals: false,
  });
  // boot() ignores the port for a Server instance, so listen ourselves and wrap the server in the test harness.
  await server.listen(port, "127.0.0.1");
  const colyseus = new ColyseusTestServer(server);
  return {
    colyseus, store, port, url,
    async open(experiment) {
      const session = await createSession(store, { experiment, seed: "test-seed" });
      return {
        session,
        async participants(n, { prefix = "p", consented = true } = {}) {
          const out: ParticipantRecord[] = [];
          for (let i = 1; i <= n; i++) {
            const p = await enter(store, session.code, { label: `${prefix}${i}` });
            out.push(consented ? await consent(store, p.token, Date.now()) : p);
          }
          return out;
        },
      };
    },
    async shutdown() {
      // Rooms drain on shutdown (groups play to their end); tests end them at once.
      await Promise.all(matchMaker.disconnectAll());
      await colyseus.shutdown();
      await store.close();
    },
  };
}
