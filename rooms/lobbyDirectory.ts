// Finds or creates the one lobby of a session across processes (store-backed owner), and reserves a seat in it.
import { matchMaker, type IRoomCache } from "@colyseus/core";
import { randomBytes } from "node:crypto";
import { CohortError } from "../server/domain/errors.js";
import type { SessionRecord } from "../server/store/port.js";
import type { RoomDeps } from "./deps.js";

/** Timing of lobby ownership. */
export const LOBBY_TIMING = {
  /** How often a lobby renews its ownership row. */
  heartbeatMs: 3000,
  /** An owner silent this long is presumed dead (its process crashed) and may be replaced. */
  staleMs: 12_000,
  /** How long to wait for a just-claimed lobby's listing to appear in the driver. */
  appearMs: 5000,
};

/** Options the lobby room is created with. */
export interface LobbyCreateOptions {
  sessionId: string;
  roomId: string;
}

/** What a client needs to join a room (Colyseus seat reservation). */
export type SeatReservation = Awaited<ReturnType<typeof matchMaker.reserveSeatFor>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The listing of the owner's room, waiting up to `waitMs` for a just-claimed lobby to appear. Null at once when the
 * ownership row no longer names that room: the lobby emptied and closed (onDispose releases the row), so waiting for
 * its listing would only stall the participant.
 */
async function listing(deps: RoomDeps, sessionId: string, roomId: string, waitMs: number): Promise<IRoomCache | null> {
  const end = Date.now() + waitMs;
  for (;;) {
    const [found] = await matchMaker.query({ roomId });
    if (found || Date.now() >= end) return found ?? null;
    if ((await deps.store.lobbyOwner(sessionId))?.roomId !== roomId) return null;
    await sleep(50);
  }
}

/**
 * A seat reservation in the session's lobby. Exactly one lobby exists per session by construction: a process must
 * win the store's ownership row before it creates one, and everyone else joins the owner's room.
 *
 * A lobby closes when its last participant leaves for a group. A request that read the ownership row just before may
 * find the room disposing (Colyseus refuses the seat: "already full") or its listing gone; it then asks again, by then
 * against the released row, instead of failing (500) or waiting for a listing that never comes.
 */
export async function reserveLobbySeat(deps: RoomDeps, session: SessionRecord, token: string): Promise<SeatReservation> {
  let stalled = 0;
  for (let attempt = 0; attempt < 20 && stalled < 3; attempt++) {
    const now = deps.now();
    const claim = { sessionId: session.id, roomId: `lobby-${session.code}-${randomBytes(4).toString("hex")}`, processId: matchMaker.processId, heartbeatAt: now };
    const { owner, claimed } = await deps.store.claimLobby(claim, now - LOBBY_TIMING.staleMs);
    if (claimed) {
      try {
        const room = await matchMaker.createRoom("lobby", { sessionId: session.id, roomId: owner.roomId } satisfies LobbyCreateOptions);
        return await matchMaker.reserveSeatFor(room, { token });
      } catch (err) {
        await deps.store.releaseLobby(session.id, owner.roomId);
        deps.log.error({ err, session: session.code }, "could not create the lobby");
        throw new CohortError("lobby_unavailable");
      }
    }
    const room = await listing(deps, session.id, owner.roomId, LOBBY_TIMING.appearMs);
    if (room) {
      try {
        return await matchMaker.reserveSeatFor(room, { token });
      } catch (err) {
        // The lobby is closing (it just emptied): its row is released with it; look again shortly.
        deps.log.debug({ err, room: room.roomId }, "lobby refused a seat; asking again");
        await sleep(20 + Math.random() * 30);
        continue;
      }
    }
    if ((await deps.store.lobbyOwner(session.id))?.roomId !== owner.roomId) continue; // closed and released: claim again
    // The owner's room never appeared (its process died between claiming and creating): wait until it is stale.
    stalled++;
    await sleep(Math.min(1000, LOBBY_TIMING.staleMs / 4));
  }
  throw new CohortError("lobby_unavailable");
}
