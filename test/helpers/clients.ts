// Test-side participants: collect server messages per type and wait for conditions, with timeouts.
import type { Room } from "@colyseus/sdk";
import type { TestApp } from "./app.js";

const TYPES = ["welcome", "moved", "ack", "error", "queue", "matched", "released", "finished", "replaced", "relocate", "regroup"] as const;
export type MessageType = (typeof TYPES)[number];

/** Records every message a room receives; `next(type)` resolves with the first unread one of that type. */
export class Inbox {
  private queues = new Map<string, unknown[]>();
  private waiters = new Map<string, Array<(m: unknown) => void>>();

  constructor(room: Room) {
    for (const type of TYPES) {
      room.onMessage(type, (payload: unknown) => {
        const w = this.waiters.get(type)?.shift();
        if (w) w(payload);
        else this.queues.set(type, [...(this.queues.get(type) ?? []), payload]);
      });
    }
  }

  next<T = any>(type: MessageType, timeoutMs = 5000): Promise<T> {
    const queued = this.queues.get(type);
    if (queued?.length) return Promise.resolve(queued.shift() as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(type, [...(this.waiters.get(type) ?? []), (m) => { clearTimeout(timer); resolve(m as T); }]);
    });
  }

  /** The first unread message of any of `types`, with its type; the others stay unread. */
  async nextOf(types: readonly MessageType[], timeoutMs = 5000): Promise<{ type: MessageType; payload: any }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      for (const type of types) {
        const queued = this.queues.get(type);
        if (queued?.length) return { type, payload: queued.shift() };
      }
      if (Date.now() > end) throw new Error(`none of ${types.join(", ")} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Forgets unread messages of `type`. */
  clear(type: MessageType): void {
    this.queues.delete(type);
  }

  /** Messages of `type` received and not yet read. */
  pending(type: MessageType): unknown[] {
    return this.queues.get(type) ?? [];
  }
}

/** Polls `check` every 10 ms until it is true. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Asks the server for a lobby seat as the participant page does, and consumes it. Rejects with "STATUS message". */
export async function joinLobby(app: TestApp, token: string): Promise<Room> {
  const res = await fetch(`${app.url}/api/p/${token}/lobby`, { method: "POST" });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${body.error?.message}`);
  return app.colyseus.sdk.consumeSeatReservation(body.reservation);
}

/** From the lobby into the group, as the page does: waits for "matched", leaves the lobby, joins, waits for "welcome". */
export async function takeSeat(app: TestApp, lobby: Room, lobbyInbox: Inbox, timeoutMs = 5000): Promise<{ room: Room; inbox: Inbox; seat: number }> {
  const { reservation } = await lobbyInbox.next("matched", timeoutMs);
  await lobby.leave();
  const room = await app.colyseus.sdk.consumeSeatReservation(reservation);
  const inbox = new Inbox(room);
  room.reconnection.minUptime = 0; // let the SDK reconnect by itself however young the room is
  const { seat } = await inbox.next("welcome");
  return { room, inbox, seat };
}
