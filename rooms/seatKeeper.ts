// What happens to a group's seats when participants leave for good: the declared pipeline (standby, bot, smaller, end).
import { matchMaker } from "@colyseus/core";
import type { PublicGoodsParams } from "../server/domain/games/publicGoods.js";
import type { Rng } from "../server/domain/rng.js";
import { botContribution, resolveDropout, type DropoutPolicy, type DropoutStep } from "../server/domain/session/dropout.js";
import type { DecisionRecord, ParticipantEvent, ParticipantRecord, ParticipantStatus, PayoffRecord, SessionRecord } from "../server/store/port.js";
import type { RoomDeps } from "./deps.js";
import type { GroupState, Player } from "./schema/GroupState.js";

/** Per-seat facts the state does not carry. */
export interface SeatInfo {
  /** Deadlines missed in a row. */
  streak: number;
  /** The bot step that took the seat over, if any. */
  bot: (DropoutStep & { type: "bot" }) | null;
  /** This round's value is "nothing" (a missed deadline under timeoutDefault "none"). */
  noValue: boolean;
  /** A standby participant replaced the one who started in this seat. */
  replacement?: boolean;
}

/** What the seat keeper needs from its group room. */
export interface SeatHost {
  readonly deps: RoomDeps;
  readonly state: GroupState;
  readonly roomId: string;
  readonly groupId: string;
  readonly session: SessionRecord;
  readonly params: PublicGoodsParams;
  /** Participants in seat order (a standby who takes a seat replaces the entry). */
  readonly members: ParticipantRecord[];
  stage(): "decision" | "results" | "finished" | null;
  decision(seat: number, kind: DecisionRecord["kind"], value: number, key: string | null): DecisionRecord;
  event(seat: number, kind: ParticipantEvent["kind"], detail: string | null): void;
  conclude(seat: number, status: ParticipantStatus, detail: string | null): Promise<void>;
  /** The policy ended the group: everyone left leaves with the "group ended" outcome. */
  endEarly(): Promise<void>;
  checkAllDecided(): Promise<void>;
  checkAllReady(): Promise<void>;
  broadcastMove(seat: number, value: number): void;
}

export class SeatKeeper {
  readonly seats: SeatInfo[];
  /** Seats whose dropout is being backfilled from the lobby's standby pool. */
  readonly pendingStandby = new Set<number>();

  constructor(
    private readonly room: SeatHost,
    private readonly policy: DropoutPolicy,
    private readonly rng: Rng,
  ) {
    this.seats = room.members.map(() => ({ streak: 0, bot: null, noValue: false }));
  }

  /** Who decided for the player's seat this round, as the payoff row flags it. */
  actorOf(player: Player): PayoffRecord["actor"] {
    return player.control === "bot" ? "bot" : this.seats[player.seat].replacement ? "replacement" : "participant";
  }

  /** Applies the declared dropout pipeline to a seat whose participant is gone for good. */
  async dropSeat(seat: number, why: string): Promise<void> {
    const { state } = this.room;
    const player = state.players[seat];
    if (player.control !== "human" || this.room.stage() === "finished") return;
    const humansLeft = state.players.filter((p) => p.control === "human" && p.seat !== seat).length;
    let resolution = humansLeft === 0 ? { kind: "end" as const } : resolveDropout(this.policy, humansLeft);
    await this.room.conclude(seat, "removed", why);
    if (resolution.kind === "standby") {
      // Turnover rule 3: an active participant who returns the task is replaced from the waiting queue.
      if (await this.backfill(seat)) return;
      resolution = resolveDropout(this.policy, humansLeft, false);
    }
    if (resolution.kind === "bot") {
      player.control = "bot";
      this.seats[seat].bot = resolution.strategy;
      this.room.event(seat, "bot_takeover", resolution.strategy.strategy);
      if (this.room.stage() === "decision" && !player.locked) await this.botDecides(player);
      if (this.room.stage() === "results") await this.room.checkAllReady();
    } else if (resolution.kind === "continueSmaller") {
      Object.assign(player, { control: "closed", locked: true });
      this.room.event(seat, "seat_closed", null);
      await this.room.checkAllDecided();
    } else {
      player.control = "closed";
      await this.room.endEarly();
    }
  }

  /** A bot's choice for its seat, stored and flagged like any decision. */
  async botDecides(player: Player): Promise<void> {
    const step = this.seats[player.seat].bot!;
    const others = this.room.state.players.filter((p) => p.seat !== player.seat && p.contribution >= 0);
    const othersMean = others.length ? others.reduce((a, p) => a + p.contribution, 0) / others.length : null;
    const lastOwn = player.contribution >= 0 ? player.contribution : null;
    const value = botContribution(step, { lastOwn, othersMean, endowment: this.room.params.endowment }, this.rng);
    await this.room.deps.store.recordDecision(this.room.decision(player.seat, "bot", value, null));
    Object.assign(player, { current: value, locked: true, ready: true });
    this.room.broadcastMove(player.seat, value);
    await this.room.checkAllDecided();
  }

  /** A standby participant takes `seat`: their own earnings from zero; their decisions are flagged as a replacement's. */
  adopt(seat: number, newcomer: ParticipantRecord): void {
    const { deps, session, groupId, roomId, members } = this.room;
    const previous = members[seat];
    members[seat] = newcomer;
    this.seats[seat] = { streak: 0, bot: null, noValue: false, replacement: true };
    Object.assign(this.room.state.players[seat], { control: "human", connected: false, earnings: 0, ready: false });
    const at = deps.now();
    for (const [participantId, kind, detail] of [[previous.id, "replaced_by", newcomer.id], [newcomer.id, "replacement", previous.id]] as const) {
      deps.store.recordParticipantEvent({ sessionId: session.id, participantId, groupId, kind, detail, at })
        .catch((err) => deps.log.error({ err, room: roomId }, "could not store a participant event"));
    }
  }

  /** Asks the session's lobby (on whatever process) for a standby participant for `seat`; true when one was seated. */
  private async backfill(seat: number): Promise<boolean> {
    const { deps, session, groupId, roomId, members } = this.room;
    const lobby = await deps.store.lobbyOwner(session.id);
    if (!lobby) return false;
    this.pendingStandby.add(seat);
    try {
      const id: string | null = await matchMaker.remoteRoomCall(lobby.roomId, "takeStandby", [groupId, seat, members[seat].treatment]);
      if (!id) return false;
      if (members[seat].id !== id) this.adopt(seat, (await deps.store.participantsByIds([id]))[0]);
      return true;
    } catch (err) {
      deps.log.warn({ err, room: roomId }, "no standby from the lobby");
      return false;
    } finally {
      this.pendingStandby.delete(seat);
    }
  }
}
