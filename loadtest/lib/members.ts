// Connects the fan-out load's members: Cohort participants through @colyseus/sdk, or raw ws clients to the floor.
import "../../server/polyfills.js";
import { Callbacks, Client, type Room } from "@colyseus/sdk";
import { WebSocket } from "ws";
import type { Prepared } from "../serve.js";
import { eachLimited, type FanoutTracker, type Member } from "./fanout.js";

/** Connections opened at once while ramping up. */
const CONNECT_CONCURRENCY = 32;

/**
 * Joins every prepared group's room by id (as a reloaded participant page does) and waits for the decision stage.
 * Others' moves are read from "moved" messages, or with `listen: "state"` from `players[seat].current` changes.
 */
export async function connectCohort(port: number, prepared: Prepared, tracker: FanoutTracker, timeoutMs: number, listen: "messages" | "state" = "messages"): Promise<Member[]> {
  const client = new Client(`http://127.0.0.1:${port}`);
  // Tokens are in seat order (the room seats members by their index), so the seat is known before joining.
  const seats = prepared.groups.flatMap((g, group) => g.tokens.map((token, seat) => ({ group, seat, roomId: g.roomId!, token })));
  const members: Member[] = [];
  const rooms: Room[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    await eachLimited(seats, CONNECT_CONCURRENCY, async ({ group, seat, roomId, token }) => {
      if (Date.now() > deadline) throw new Error(`connecting took longer than ${timeoutMs} ms`);
      const room = await client.joinById(roomId, { token });
      rooms.push(room);
      room.onMessage("moved", (m: { seat: number; value: number }) => tracker.received(group, m.seat, m.value));
      if (listen === "state") {
        const $ = Callbacks.get(room as never) as unknown as {
          onAdd(p: string, cb: (item: object, index: number) => void): void;
          listen(item: object, field: string, cb: (value: number) => void): void;
        };
        $.onAdd("players", (player, index) => {
          if (index !== seat) $.listen(player, "current", (value) => tracker.received(group, index, value));
        });
      }
      room.onMessage("error", (e: { code: string }) => tracker.refused(e.code));
      for (const type of ["welcome", "ack", "finished", "replaced"]) room.onMessage(type, () => undefined);
      members.push({
        group, seat,
        send: (value) => room.send("move", { value }),
        close: async () => void (await room.leave(true).catch(() => undefined)),
      });
    });
    // A group starts when its last member is in; wait until every room shows the decision stage.
    while (!rooms.every((r) => (r.state as { stage?: string } | undefined)?.stage === "decision")) {
      if (Date.now() > deadline) throw new Error(`rooms did not all reach the decision stage within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return members;
  } catch (e) {
    await Promise.all(rooms.map((r) => r.leave(true).catch(() => undefined)));
    throw e;
  }
}

/** Opens `groups × size` raw ws connections to the floor server. */
export async function connectFloor(port: number, groups: number, size: number, tracker: FanoutTracker, timeoutMs: number): Promise<Member[]> {
  const seats = Array.from({ length: groups * size }, (_, i) => ({ group: Math.floor(i / size), seat: i % size }));
  const members: Member[] = [];
  const sockets: WebSocket[] = [];
  try {
    await eachLimited(seats, CONNECT_CONCURRENCY, async ({ group, seat }) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/?g=${group}&s=${seat}`, { perMessageDeflate: false });
      sockets.push(ws);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("floor connection timed out")), Math.min(10_000, timeoutMs));
        ws.once("open", () => (clearTimeout(timer), resolve()));
        ws.once("error", (e) => (clearTimeout(timer), reject(e)));
      });
      ws.on("message", (data) => {
        const m = JSON.parse(String(data)) as { seat: number; value: number };
        tracker.received(group, m.seat, m.value);
      });
      members.push({
        group, seat,
        send: (value) => ws.send(JSON.stringify({ value })),
        close: async () => {
          if (ws.readyState === WebSocket.CLOSED) return;
          const closed = new Promise((r) => ws.once("close", r));
          ws.close();
          await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
          ws.terminate();
        },
      });
    });
    return members;
  } catch (e) {
    for (const ws of sockets) ws.terminate();
    throw e;
  }
}

/** Closes every member, a batch at a time. */
export async function closeAll(members: Member[]): Promise<void> {
  await eachLimited(members, 256, (m) => m.close());
}
