// A participant bot that plays a whole experiment as a person does in the browser: entry link → consent → lobby →
// every stage of every round → completion, with think times, live slider moves, hidden tabs, drops and returns,
// and quitting. Every wait is bounded. Used by loadtest/participants.ts (npm run loadtest).
import "../server/polyfills.js";
import { Client, type Room } from "@colyseus/sdk";
import { createRng, type Rng } from "../server/domain/rng.js";
import type { ServerMessages } from "../rooms/messages.js";
import { LatencyRecorder } from "./lib/stats.js";

export type Range = [min: number, max: number];

/** How a bot behaves. Probabilities are per stage (each decision and each results stage). */
export interface Behaviour {
  /** Time before acting in a stage (reading, thinking), ms. Default [500, 3000]. */
  thinkMs: Range;
  /** Live slider moves per second while deciding. Default 2. 0: no live moves. */
  moveRate: number;
  /** How long the slider is moved before locking in, ms. Default [1000, 5000]. */
  moveMs: Range;
  /** Chance the tab is hidden for a stage: no moves and no action until it is visible again. Default 0.05. */
  hidden: number;
  /** How long a hidden tab stays hidden, ms. Default [5000, 15000]. */
  hiddenMs: Range;
  /** Chance the connection drops during a stage; the page comes back (a reload) after `returnMs`. Default 0.02. */
  drop: number;
  /** Default [1000, 5000]. */
  returnMs: Range;
  /** Chance of closing the tab for good during a stage. Default 0.01. */
  quit: number;
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  thinkMs: [500, 3000], moveRate: 2, moveMs: [1000, 5000], hidden: 0.05, hiddenMs: [5000, 15000],
  drop: 0.02, returnMs: [1000, 5000], quit: 0.01,
};

export type BotEnd = "completed" | "no_match" | "quit" | "failed" | "stopped";

/** Figures shared by every bot of a run. */
export class BotStats {
  entry = new LatencyRecorder();
  consent = new LatencyRecorder();
  lobbyJoin = new LatencyRecorder();
  /** The lobby seat request alone (POST /api/p/:token/lobby), a part of lobbyJoin. */
  lobbySeat = new LatencyRecorder();
  /** From entering the lobby to being matched. */
  lobbyWait = new LatencyRecorder();
  groupJoin = new LatencyRecorder();
  /** From sending a lock-in to its acknowledgement (stored before acknowledged). */
  lockAck = new LatencyRecorder();
  /** From the entry link to the completion code. */
  total = new LatencyRecorder();
  counts = { started: 0, inLobby: 0, matched: 0, movesSent: 0, movesReceived: 0, locks: 0, timedOut: 0, hidden: 0, drops: 0, returns: 0, relocations: 0 };
  ends: Record<BotEnd, number> = { completed: 0, no_match: 0, quit: 0, failed: 0, stopped: 0 };
  errors: Record<string, number> = {};
  failures: string[] = [];

  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}

export interface BotContext {
  /** http(s) base URL of the server (or the proxy in front of it). */
  httpUrl: string;
  session: string;
  behaviour: Behaviour;
  stats: BotStats;
  /** Seed of this run; each bot draws from its own generator. */
  seed: string;
  /** Aborted when the run must stop (time limit, Ctrl-C). */
  stop: AbortSignal;
  /** Label prefix for the entry links. Default "bot". */
  prefix?: string;
  /** The SDK Client class to use (the loadtest CLI patches its prototype to count connections). */
  ClientClass?: typeof Client;
}

class Stopped extends Error {}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Stopped());
    const t = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), Math.max(0, ms));
    const onAbort = () => (clearTimeout(t), reject(new Stopped()));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

const between = (rng: Rng, [a, b]: Range) => a + rng.next() * Math.max(0, b - a);

/** Waits for `type` on `room`, bounded by `timeoutMs` and `signal`. */
export function nextMessage<T>(room: Room, type: string, timeoutMs: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const off = room.onMessage(type, (m: T) => done(() => resolve(m)));
    const timer = setTimeout(() => done(() => reject(new Error(`no "${type}" within ${timeoutMs} ms`))), timeoutMs);
    const onAbort = () => done(() => reject(new Stopped()));
    signal.addEventListener("abort", onAbort, { once: true });
    function done(f: () => void) {
      off();
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      f();
    }
  });
}

interface GroupState {
  stage: string;
  round: number;
  endowment: number;
  players: Array<{ locked: boolean; ready: boolean; timedOut: boolean; current: number }>;
}

type SessionEnd = { kind: "finished" } | { kind: "dropped" } | { kind: "quit" } | { kind: "closed"; code: number };

/**
 * Plays one participant from the entry link to the end. Calls `onConnected` once its first websocket (the lobby)
 * is open, so a caller that starts bots one after another can move on. Never throws: the end is returned and counted.
 */
export async function runBot(ctx: BotContext, index: number, onConnected: () => void = () => undefined): Promise<BotEnd> {
  const { stats, behaviour: b, stop } = ctx;
  const rng = createRng(`${ctx.seed}/${index}`);
  const ClientClass = ctx.ClientClass ?? Client;
  const client = new ClientClass(ctx.httpUrl);
  const label = `${ctx.prefix ?? "bot"}-${ctx.seed}-${index}`;
  const t0 = performance.now();
  let connected = false;
  const connectedOnce = () => {
    if (!connected) (connected = true), onConnected();
  };
  stats.counts.started++;

  const http = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${ctx.httpUrl}${path}`, { ...init, redirect: "manual", signal: AbortSignal.any([stop, AbortSignal.timeout(15_000)]) });
    return res;
  };

  try {
    // ── Entry link and consent ──────────────────────────────────────────────────────────────────
    const token = await enterAndConsent(ctx, label, rng);

    // ── Lobby ──────────────────────────────────────────────────────────────────────────────────
    const lobbyStart = performance.now();
    const matched = await waitForGroup(ctx, client, token, connectedOnce);
    if (matched.kind === "released") {
      stats.ends.no_match++;
      return "no_match";
    }
    stats.lobbyWait.record(performance.now() - lobbyStart);
    stats.counts.matched++;

    // ── Group: play; after a drop, come back the way a reloaded page does ───────────────────────────
    let join = () => client.consumeSeatReservation(matched.reservation as Parameters<Client["consumeSeatReservation"]>[0]);
    for (let attempt = 0; attempt < 20; attempt++) {
      const t = performance.now();
      const room = await join();
      stats.groupJoin.record(performance.now() - t);
      const end = await playSession(ctx, room, rng, token);
      if (end.kind === "finished") {
        stats.ends.completed++;
        stats.total.record(performance.now() - t0);
        return "completed";
      }
      if (end.kind === "quit") {
        stats.ends.quit++;
        return "quit";
      }
      if (end.kind === "closed" && (end.code === 4001 || end.code === 4000)) throw new Error(`the server closed the group connection (${end.code})`);
      await sleep(between(rng, b.returnMs), stop);
      const view = await (await http(`/api/p/${token}`)).json() as { status: string; roomId: string | null; outcome: unknown };
      stats.counts.returns++;
      if (view.outcome) {
        stats.ends.completed++; // finished while away: the page shows the completion code
        stats.total.record(performance.now() - t0);
        return "completed";
      }
      if (view.status !== "playing" || !view.roomId) throw new Error(`after a drop the page says status ${view.status}`);
      const roomId = view.roomId;
      join = () => client.joinById(roomId, { token });
    }
    throw new Error("dropped too often");
  } catch (e) {
    if (e instanceof Stopped || stop.aborted) {
      stats.ends.stopped++;
      return "stopped";
    }
    stats.ends.failed++;
    if (stats.failures.length < 20) stats.failures.push(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    return "failed";
  } finally {
    connectedOnce();
  }
}

/** Entry link (303 to the personal page), reading the consent form (`thinkMs`), consent: the participant's token. */
export async function enterAndConsent(ctx: BotContext, label: string, rng: Rng): Promise<string> {
  const { stats, stop } = ctx;
  const http = (path: string, init?: RequestInit) =>
    fetch(`${ctx.httpUrl}${path}`, { ...init, redirect: "manual", signal: AbortSignal.any([stop, AbortSignal.timeout(15_000)]) });
  let t = performance.now();
  const entry = await http(`/join/${ctx.session}?label=${encodeURIComponent(label)}`);
  stats.entry.record(performance.now() - t);
  if (entry.status !== 303) throw new Error(`entry answered ${entry.status}: ${(await entry.text()).slice(0, 200)}`);
  const token = entry.headers.get("location")!.split("/").filter(Boolean)[1];
  await sleep(between(rng, ctx.behaviour.thinkMs), stop); // reading the consent form
  t = performance.now();
  const c = await http(`/api/p/${token}/consent`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"agree":true}' });
  stats.consent.record(performance.now() - t);
  if (!c.ok) throw new Error(`consent answered ${c.status}`);
  return token;
}

/** The lobby's "matched" message, where the lobby was, and when (performance.now()) the page had its seat and its group. */
export interface Matched {
  kind: "matched";
  reservation: unknown;
  message: ServerMessages["matched"];
  lobby: { roomId: string; processId: string | null };
  /** The lobby room was joined (its seat consumed), performance.now(). */
  inLobbyAt: number;
  /** "matched" arrived, performance.now(). */
  matchedAt: number;
}

/**
 * Takes a lobby seat (POST /api/p/:token/lobby, or joinOrCreate on servers without it) and waits to be matched,
 * as the page does: a 503 or a `relocate` asks again. Leaves the lobby without waiting for the answer, as the page does.
 */
export async function waitForGroup(ctx: BotContext, client: Client, token: string, connected: () => void = () => undefined): Promise<Matched | { kind: "released" }> {
  const { stats, stop } = ctx;
  for (let attempt = 0; attempt < 10; attempt++) {
    const t = performance.now();
    let room: Room;
    let processId: string | null = null;
    const res = await fetch(`${ctx.httpUrl}/api/p/${token}/lobby`, { method: "POST", signal: AbortSignal.any([stop, AbortSignal.timeout(15_000)]) });
    if (res.status === 404) {
      room = await client.joinOrCreate("lobby", { session: ctx.session, token });
    } else if (res.status === 503) {
      await sleep(3000, stop); // the lobby is moving to another process; the place in the queue is kept
      continue;
    } else {
      const body = await res.json() as { reservation?: { processId?: string }; error?: { code: string; message: string } };
      stats.lobbySeat.record(performance.now() - t);
      if (!res.ok) throw new Error(`lobby seat refused: ${res.status} ${body.error?.code ?? ""} ${body.error?.message ?? ""}`);
      processId = body.reservation?.processId ?? null;
      room = await client.consumeSeatReservation(body.reservation as Parameters<Client["consumeSeatReservation"]>[0]);
    }
    const inLobbyAt = performance.now();
    stats.lobbyJoin.record(inLobbyAt - t);
    stats.counts.inLobby++;
    connected();
    const outcome = await new Promise<Matched | { kind: "released" } | { kind: "again" }>((resolve, reject) => {
      const onAbort = () => reject(new Stopped());
      stop.addEventListener("abort", onAbort, { once: true });
      const done = (v: Parameters<typeof resolve>[0]) => {
        stop.removeEventListener("abort", onAbort);
        resolve(v);
      };
      room.onMessage("queue", () => undefined);
      room.onMessage("matched", (m: ServerMessages["matched"]) => done({
        kind: "matched", reservation: m.reservation, message: m, lobby: { roomId: room.roomId, processId }, inLobbyAt, matchedAt: performance.now(),
      }));
      room.onMessage("released", () => done({ kind: "released" }));
      room.onMessage("relocate", () => {
        stats.counts.relocations++;
        done({ kind: "again" });
      });
      room.onMessage("replaced", () => reject(new Error("replaced by another tab in the lobby")));
      room.onMessage("error", (e: { code: string }) => stats.error(e.code));
      room.onLeave((code: number) => {
        if (code !== 1000 && code !== 4000) done({ kind: "again" });
      });
    });
    stats.counts.inLobby--;
    const left = room.leave(true).catch(() => undefined);
    if (outcome.kind !== "again") return outcome; // the page joins its group while the lobby connection closes
    await left;
    await sleep(200, stop);
  }
  throw new Error("could not stay in the lobby");
}

/** One connection to the group room, until the end, a drop, a quit, or the server closing it. */
function playSession(ctx: BotContext, room: Room, rng: Rng, token: string): Promise<SessionEnd> {
  const { stats, behaviour: b, stop } = ctx;
  room.reconnection.enabled = false; // a drop is followed by a page reload, as in the browser
  let seat = -1;
  let stageKey = "";
  let stage: AbortController | null = null;
  let settle!: (end: SessionEnd) => void;
  const ended = new Promise<SessionEnd>((resolve) => (settle = resolve));
  let over = false;
  const finish = (end: SessionEnd) => {
    if (over) return;
    over = true;
    stage?.abort();
    stop.removeEventListener("abort", onStop);
    settle(end);
  };
  const onStop = () => finish({ kind: "closed", code: 0 });
  stop.addEventListener("abort", onStop, { once: true });

  const pendingLocks = new Map<string, number>();
  room.onMessage("welcome", (m: { seat: number }) => {
    seat = m.seat;
    consider(room.state as GroupState | undefined);
  });
  room.onMessage("moved", () => void stats.counts.movesReceived++);
  room.onMessage("ack", (m: { key: string }) => {
    const sent = pendingLocks.get(m.key);
    if (sent !== undefined) stats.lockAck.record(performance.now() - sent);
    pendingLocks.delete(m.key);
  });
  room.onMessage("error", (e: { code: string }) => stats.error(e.code));
  room.onMessage("replaced", () => finish({ kind: "closed", code: 4001 }));
  room.onMessage("finished", () => {
    finish({ kind: "finished" });
    void room.leave(true).catch(() => undefined);
  });
  room.onLeave((code: number) => finish({ kind: "closed", code }));

  const drop = () => {
    stats.counts.drops++;
    // A network drop: the socket goes away without a closing handshake.
    const ws = (room.connection.transport as { ws?: { terminate?: () => void; close(): void } }).ws;
    if (ws?.terminate) ws.terminate();
    else room.connection.close();
    finish({ kind: "dropped" });
  };

  const decide = async (s: GroupState, signal: AbortSignal) => {
    const me = s.players[seat];
    if (!me || me.locked) return;
    let value = Math.round(rng.next() * s.endowment);
    const think = between(rng, b.thinkMs);
    if (rng.next() < b.hidden) {
      stats.counts.hidden++;
      await sleep(between(rng, b.hiddenMs), signal); // hidden tab: nothing moves, nothing is sent
    }
    await sleep(think, signal);
    const movingFor = between(rng, b.moveMs);
    const until = performance.now() + movingFor;
    if (b.moveRate > 0) {
      for (let i = 0; i < 10_000 && performance.now() < until; i++) {
        value = Math.min(s.endowment, Math.max(0, value + Math.round((rng.next() - 0.5) * s.endowment * 0.2)));
        room.send("move", { value });
        stats.counts.movesSent++;
        await sleep(1000 / b.moveRate, signal);
      }
    } else {
      await sleep(movingFor, signal);
    }
    const key = `${token.slice(0, 8)}-${s.round}-${Math.floor(rng.next() * 1e9).toString(36)}`;
    pendingLocks.set(key, performance.now());
    room.send("lock", { value, key });
    stats.counts.locks++;
  };

  const results = async (s: GroupState, signal: AbortSignal) => {
    if (s.players[seat]?.ready) return;
    await sleep(between(rng, b.thinkMs), signal);
    room.send("ready", {});
  };

  // Acts once per stage: on the first state (or welcome) that shows a stage not handled yet.
  function consider(s: GroupState | undefined) {
    if (over || !s || seat < 0 || (s.stage !== "decision" && s.stage !== "results")) return;
    const key = `${s.round}/${s.stage}`;
    if (key === stageKey) return;
    stageKey = key;
    if (s.stage === "results" && s.players[seat]?.timedOut) stats.counts.timedOut++;
    stage?.abort();
    const controller = new AbortController();
    stage = controller;
    const signal = AbortSignal.any([controller.signal, stop]);
    // Drops and quits are drawn once per stage, at a random moment within it.
    const r = rng.next();
    if (r < b.quit) {
      void sleep(between(rng, b.thinkMs), signal).then(() => {
        void room.leave(true).catch(() => undefined);
        finish({ kind: "quit" });
      }, () => undefined);
    } else if (r < b.quit + b.drop) {
      void sleep(between(rng, [0, b.thinkMs[1] + b.moveMs[1]]), signal).then(drop, () => undefined);
    }
    void (s.stage === "decision" ? decide(s, signal) : results(s, signal)).catch((e) => {
      if (!(e instanceof Stopped)) stats.error(`bot:${e instanceof Error ? e.message : String(e)}`);
    });
  }
  room.onStateChange((s: unknown) => consider(s as GroupState));
  return ended;
}
