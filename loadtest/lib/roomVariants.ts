// Benchmark-only experiments on GroupRoom (patch rate, how live moves travel), applied at runtime inside the server
// under test, to measure a server change before (or after) anyone makes it; nothing in server/ or rooms/ imports this.
// Without options the room runs exactly as committed. They reach private members, so they track GroupRoom's code.
import type { Client } from "@colyseus/core";
import { CohortError } from "../../server/domain/errors.js";
import { checkContribution } from "../../server/domain/games/publicGoods.js";
import { GroupRoom } from "../../rooms/GroupRoom.js";

export interface RoomVariant {
  /** Periodic patch interval of group rooms in ms (GroupRoom: 1,000 plus a patch as each change settles; 250 before; Colyseus default 50). Also the room clock's resolution. */
  patchRate?: number;
  /**
   * How a live move reaches the group (absent: as GroupRoom does, "messages" since efd55cb):
   * - "both" (GroupRoom before efd55cb): a "moved" message to the others at once, and `players[seat].current` in
   *   the synchronised state, so every move also costs a state patch to every member at the next patch tick;
   * - "messages": the "moved" message only; the last live values are copied into state when the deadline locks
   *   them, and sent to a (re)joining page as "moved" messages;
   * - "state": the state only, delivered by the next patch tick;
   * - "state-immediate": the state only, with a patch broadcast right after each move.
   */
  live?: LiveDelivery;
  /** Diagnostic only: false stops storing live moves as events, to show what storing them costs. Default true. */
  recordLive?: boolean;
}

export type LiveDelivery = "both" | "messages" | "state" | "state-immediate";

// The room's private members the experiments reach; TypeScript privacy does not exist at runtime.
interface RoomInternals {
  params: { live: boolean; endowment: number };
  state: { round: number; players: Array<{ current: number; locked: boolean; control?: string }> };
  session: { id: string };
  groupId: string;
  members: Array<{ id: string }>;
  /** Where GroupRoom keeps unacknowledged events: the process's EventWriter (deps.events) now; older versions had a
   * per-room EventBuffer (`events`) or a plain array (`liveBuffer`). */
  deps: { now(): number; events?: { push(e: unknown): void } };
  events?: { push(e: unknown): void };
  liveBuffer?: unknown[];
  /** GroupRoom's own map of this round's live values (since efd55cb); older rooms get `liveValues` from here. */
  live?: Map<number, number>;
  liveValues?: Map<number, number>;
  requireDecisionStage(): void;
  broadcast(type: string, message: unknown, options: { except: Client }): void;
  broadcastPatch(): boolean;
  run(effect: { type: string }): Promise<void>;
  onCreate(options: unknown): Promise<void>;
  onJoin(client: Client): void;
  patchRate: number | null;
}

let applied = false;

/** Patches GroupRoom's prototype for this process. Call once, before any room is created. */
export function applyRoomVariant(v: RoomVariant): void {
  if (applied) throw new Error("applyRoomVariant may run once per process");
  applied = true;
  const proto = GroupRoom.prototype as unknown as RoomInternals;
  // Rooms since efd55cb keep this round's live values themselves (`this.live`, cleared in run("openRound")).
  const hasOwnLiveMap = /this\.live\b/.test(String(proto.run));

  if (v.patchRate !== undefined) {
    const onCreate = proto.onCreate;
    proto.onCreate = async function (this: RoomInternals, options: unknown) {
      await onCreate.call(this, options);
      this.patchRate = v.patchRate!; // after: GroupRoom sets its own in onCreate
    };
  }

  const live = v.live ?? "messages";
  if (v.live !== undefined || v.recordLive === false) {
    // The same checks and the same stored event as GroupRoom.onMove; only the delivery differs.
    (proto as unknown as { onMove: unknown }).onMove = function (this: RoomInternals, client: Client, raw: number) {
      const { seat } = client.auth as { seat: number };
      if (!this.params.live) throw new CohortError("not_live");
      const player = this.state.players[seat];
      this.requireDecisionStage();
      if (player.locked || (player.control !== undefined && player.control !== "human")) throw new CohortError("already_locked");
      const value = checkContribution(this.params as never, raw);
      if (live === "messages" || live === "both") {
        if (live === "both") player.current = value;
        (this.live instanceof Map ? this.live : (this.liveValues ??= new Map())).set(seat, value);
        this.broadcast("moved", { seat, value }, { except: client });
      } else {
        player.current = value;
        if (live === "state-immediate") this.broadcastPatch();
      }
      if (v.recordLive === false) return;
      const sink = this.deps.events ?? this.events ?? this.liveBuffer;
      if (!sink) throw new Error("GroupRoom keeps its live events somewhere this experiment does not know: update roomVariants.ts");
      sink.push({
        sessionId: this.session.id, groupId: this.groupId, participantId: this.members[seat].id, round: this.state.round,
        kind: "live", value, key: null, at: this.deps.now(),
      });
    };
  }
  // Rooms older than efd55cb keep no live values of their own: lock them at the deadline and replay them on join here.
  if (live === "messages" && !hasOwnLiveMap) {
    const run = proto.run;
    proto.run = async function (this: RoomInternals, effect: { type: string }) {
      if (effect.type === "openRound") this.liveValues?.clear();
      if (effect.type === "applyTimeouts") {
        for (const [seat, value] of this.liveValues ?? []) if (!this.state.players[seat].locked) this.state.players[seat].current = value;
      }
      return run.call(this, effect);
    };
    const onJoin = proto.onJoin;
    proto.onJoin = function (this: RoomInternals, client: Client) {
      onJoin.call(this, client);
      for (const [seat, value] of this.liveValues ?? []) client.send("moved", { seat, value });
    };
  }
}
