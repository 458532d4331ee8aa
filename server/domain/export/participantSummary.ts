// One export row per participant: outcome, waiting, drops and reconnections, takeovers, and pay.
import { completionCode, isOutcome } from "../outcome.js";
import { payFor, waitedMs } from "../payment.js";
import type { ExportInput } from "./tidy.js";

/** Participant events as stored (drops, reconnections, takeovers, removals). */
export interface EventInput {
  participantId: string;
  kind: string;
  detail: string | null;
  at: number;
}

export const PARTICIPANT_COLUMNS = [
  "session", "participant", "platform", "platform_id", "study_id", "status", "completion_code", "group", "seat",
  "lobby_entered_at", "grouped_at", "waiting_seconds", "drops", "reconnections", "first_drop_at", "last_reconnect_at",
  "bot_takeover_at", "removed_at", "removed_reason", "group_ended_at", "points", "fee", "bonus", "waiting_bonus", "total", "currency",
] as const;

export type ParticipantRow = Record<(typeof PARTICIPANT_COLUMNS)[number], string | number>;

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? "" : new Date(ms).toISOString());

/** Summarises every participant of the session, in the order given, from their record and their events. */
export function participantRows(input: ExportInput, events: readonly EventInput[]): ParticipantRow[] {
  const x = input.session.experiment;
  const byParticipant = new Map<string, EventInput[]>();
  for (const e of events) byParticipant.set(e.participantId, [...(byParticipant.get(e.participantId) ?? []), e]);
  return input.participants.map((p) => {
    const mine = (byParticipant.get(p.id) ?? []).sort((a, b) => a.at - b.at);
    const first = (kind: string) => mine.find((e) => e.kind === kind);
    const drops = mine.filter((e) => e.kind === "drop");
    const reconnects = mine.filter((e) => e.kind === "reconnect");
    const done = isOutcome(p.status);
    const pay = payFor(x.payment, p.points ?? 0, waitedMs(p));
    return {
      session: input.session.code, participant: p.id, platform: p.platform, platform_id: p.platformId, study_id: p.studyId ?? "",
      status: p.status, completion_code: done ? completionCode(x, p.status as Parameters<typeof completionCode>[1]) : "",
      group: p.groupId ?? "", seat: p.seat === null ? "" : p.seat + 1,
      lobby_entered_at: iso(p.lobbyEnteredAt), grouped_at: iso(p.groupedAt),
      waiting_seconds: p.lobbyEnteredAt === null ? "" : Math.round(waitedMs(p) / 1000),
      drops: drops.length, reconnections: reconnects.length, first_drop_at: iso(drops[0]?.at), last_reconnect_at: iso(reconnects.at(-1)?.at),
      bot_takeover_at: iso(first("bot_takeover")?.at), removed_at: iso(first("removed")?.at), removed_reason: first("removed")?.detail ?? "",
      group_ended_at: iso(first("group_ended")?.at), points: p.points ?? "",
      fee: done ? pay.fee.toFixed(2) : "", bonus: done ? pay.bonus.toFixed(2) : "", waiting_bonus: done ? pay.waiting.toFixed(2) : "",
      total: done ? pay.total.toFixed(2) : "", currency: pay.currency,
    };
  });
}
