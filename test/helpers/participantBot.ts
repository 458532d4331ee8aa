// A scripted participant over HTTP and websockets, as a browser page would act: enter, consent, lobby, play.
import { Client, type Room } from "@colyseus/sdk";
import { Inbox } from "./clients.js";

export interface BotResult {
  token: string;
  seat: number;
  groupRoomId: string;
  outcome: { kind: string; code: string; points: number };
}

/** Enters via `entryUrl` (a server's base URL), returns the participant token. */
export async function enterAndConsent(entryUrl: string, sessionCode: string, label: string): Promise<string> {
  const res = await fetch(`${entryUrl}/join/${sessionCode}?label=${label}`, { redirect: "manual" });
  if (res.status !== 303) throw new Error(`entry ${label}: ${res.status} ${await res.text()}`);
  const token = res.headers.get("location")!.split("/")[2];
  const c = await fetch(`${entryUrl}/api/p/${token}/consent`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"agree":true}' });
  if (!c.ok) throw new Error(`consent ${label}: ${c.status}`);
  return token;
}

/** Asks `serverUrl` for a lobby seat and joins it (the seat may be on another process). */
export async function joinLobbyVia(serverUrl: string, token: string): Promise<{ client: Client; lobby: Room; inbox: Inbox }> {
  const res = await fetch(`${serverUrl}/api/p/${token}/lobby`, { method: "POST" });
  const body = await res.json();
  if (!res.ok) throw new Error(`lobby: ${res.status} ${JSON.stringify(body)}`);
  const client = new Client(serverUrl);
  const lobby = await client.consumeSeatReservation(body.reservation);
  return { client, lobby, inbox: new Inbox(lobby) };
}

/** From the lobby to the end: waits to be matched, locks `contribution` each round, continues, returns the outcome. */
export async function playToEnd(client: Client, lobby: Room, inbox: Inbox, token: string, contribution: number, timeoutMs = 30_000): Promise<BotResult> {
  const { reservation } = await inbox.next("matched", timeoutMs);
  await lobby.leave();
  const room = await client.consumeSeatReservation(reservation);
  const g = new Inbox(room);
  const { seat } = await g.next("welcome");
  let round = 0;
  const act = (s: any) => {
    if (s?.stage === "decision" && s.round > round) {
      round = s.round;
      room.send("lock", { value: contribution, key: `${token.slice(0, 12)}-r${round}` });
    } else if (s?.stage === "results" && !s.players[seat]?.ready) {
      room.send("ready", {});
    }
  };
  room.onStateChange(act);
  act(room.state); // as the page does on "welcome": the round may have started before this handler existed
  const outcome = await g.next("finished", timeoutMs);
  await room.leave();
  return { token, seat, groupRoomId: room.roomId, outcome };
}
