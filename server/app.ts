// Wiring only: rooms, HTTP routes, the monitor. No logic lives here.
import { defineRoom, defineServer, matchMaker, type Presence, type Transport } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import express from "express";
import helmet from "helmet";
import { join } from "node:path";
import type { Logger } from "pino";
import { GroupRoom } from "../rooms/GroupRoom.js";
import { LobbyRoom } from "../rooms/LobbyRoom.js";
import { withDeps, type RoomDeps } from "../rooms/deps.js";
import { reserveLobbySeat } from "../rooms/lobbyDirectory.js";
import { adminAuth, adminRoutes } from "./http/adminRoutes.js";
import { errorHandler } from "./http/errorHandler.js";
import { participantRoutes } from "./http/participantRoutes.js";
import { EventWriter } from "./store/eventWriter.js";
import type { Store } from "./store/port.js";
import { SpreadHeartbeatTransport } from "./transport.js";

export interface AppOptions {
  store: Store;
  log: Logger;
  admin: { user: string; password: string };
  /** Base URL printed in links. */
  publicUrl: string;
  /** Built participant and admin pages (client/dist). */
  clientDir: string;
  /** Experiment files researchers may start sessions from. */
  experimentsDir: string;
  /** Clock for rooms; default Date.now. */
  now?: () => number;
  /** Shared presence and driver for several processes (Redis); in-memory when absent. */
  presence?: Presence;
  driver?: matchMaker.MatchMakerDriver;
  /** "host:port" other processes reach this one at. */
  publicAddress?: string;
  /** The process's live-event writer; default one over `store` (pass your own to close it before the store on shutdown). */
  events?: EventWriter;
  /** Websocket transport; default `new WebSocketTransport()` (pings every client every 3 s). Benchmarks pass their own. */
  transport?: Transport;
  /**
   * Let Colyseus handle SIGINT, SIGTERM and uncaught exceptions by shutting the server down (default true). Tests,
   * which start many servers in one process and shut each down themselves, pass false.
   */
  handleSignals?: boolean;
}

export function createApp(o: AppOptions) {
  const deps: RoomDeps = { store: o.store, events: o.events ?? new EventWriter(o.store, o.log), log: o.log, now: o.now ?? Date.now };
  return defineServer({
    // Colyseus pings every client every 3 s in one loop; at thousands of participants that burst is the latency tail.
    transport: o.transport ?? new SpreadHeartbeatTransport(),
    presence: o.presence,
    driver: o.driver,
    publicAddress: o.publicAddress,
    greet: false,
    gracefullyShutdown: o.handleSignals ?? true,
    rooms: {
      lobby: defineRoom(withDeps(LobbyRoom, deps)),
      group: defineRoom(withDeps(GroupRoom, deps)),
    },
    express: (app) => {
      app.disable("x-powered-by");
      app.use(helmet({ contentSecurityPolicy: { directives: { "connect-src": ["'self'", "ws:", "wss:"] } } }));
      app.use(express.json({ limit: "256kb" }));
      app.get("/health", (_req, res) => void res.json({ ok: true, processId: matchMaker.processId }));
      app.use(participantRoutes({ deps, clientDir: o.clientDir, reserveLobbySeat: (session, token) => reserveLobbySeat(deps, session, token) }));
      app.use(adminRoutes({ store: o.store, admin: o.admin, experimentsDir: o.experimentsDir, publicUrl: o.publicUrl }));
      app.use("/admin", adminAuth(o.admin), express.static(o.clientDir, { index: "admin.html" }));
      app.use("/colyseus", adminAuth(o.admin), monitor() as express.RequestHandler);
      app.use("/assets", express.static(join(o.clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
      app.use(errorHandler(o.log));
    },
  });
}
