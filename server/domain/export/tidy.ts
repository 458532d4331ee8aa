// Tidy export rows: one per participant × round, and one payment line per participant. Pure functions of stored data.
import type { ExperimentConfig } from "../experiment/schema.js";
import { completionCode, isOutcome, type OutcomeKind } from "../outcome.js";
import { payFor, waitedMs } from "../payment.js";

/** The stored facts the export is built from (a structural subset of the store's records). */
export interface ExportInput {
  session: { code: string; label: string; experiment: ExperimentConfig };
  participants: Array<{
    id: string; platform: string; platformId: string; studyId: string | null; platformSessionId: string | null;
    status: string; groupId: string | null; seat: number | null; points: number | null;
    createdAt: number; consentedAt: number | null; lobbyEnteredAt: number | null; groupedAt: number | null; completedAt: number | null;
  }>;
  rounds: Array<{ groupId: string; round: number; total: number; share: number; startedAt: number; endedAt: number }>;
  payoffs: Array<{ participantId: string; groupId: string; round: number; contribution: number | null; timedOut: boolean; payoff: number; decidedAt: number; actor: string; groupN: number }>;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? "" : new Date(ms).toISOString());

export const DATA_COLUMNS = [
  "session", "participant", "platform", "platform_id", "study_id", "platform_session_id", "status", "group", "seat",
  "round", "contribution", "timed_out", "actor", "group_n", "reduced_group", "group_total", "share", "payoff", "decided_at",
  "round_started_at", "round_ended_at",
  "entered_at", "consented_at", "lobby_entered_at", "grouped_at", "waiting_seconds", "completed_at",
] as const;

export type DataRow = Record<(typeof DATA_COLUMNS)[number], string | number>;

/** One row per participant × round played; participants who played no round get one row with empty round fields. */
export function dataRows(input: ExportInput): DataRow[] {
  const roundOf = new Map(input.rounds.map((r) => [`${r.groupId}/${r.round}`, r]));
  const payoffsOf = new Map<string, ExportInput["payoffs"]>();
  for (const p of input.payoffs) payoffsOf.set(p.participantId, [...(payoffsOf.get(p.participantId) ?? []), p]);
  const rows: DataRow[] = [];
  for (const p of input.participants) {
    const base = {
      session: input.session.code, participant: p.id, platform: p.platform, platform_id: p.platformId,
      study_id: p.studyId ?? "", platform_session_id: p.platformSessionId ?? "", status: p.status,
      group: p.groupId ?? "", seat: p.seat === null ? "" : p.seat + 1,
      entered_at: iso(p.createdAt), consented_at: iso(p.consentedAt), lobby_entered_at: iso(p.lobbyEnteredAt), grouped_at: iso(p.groupedAt),
      waiting_seconds: p.lobbyEnteredAt === null ? "" : Math.round(waitedMs(p) / 1000), completed_at: iso(p.completedAt),
    };
    const played = (payoffsOf.get(p.id) ?? []).sort((a, b) => a.round - b.round);
    if (played.length === 0) {
      rows.push({ ...base, round: "", contribution: "", timed_out: "", actor: "", group_n: "", reduced_group: "", group_total: "", share: "", payoff: "", decided_at: "", round_started_at: "", round_ended_at: "" });
    }
    for (const po of played) {
      const r = roundOf.get(`${po.groupId}/${po.round}`);
      rows.push({
        ...base, round: po.round, contribution: po.contribution ?? "", timed_out: po.timedOut ? 1 : 0,
        actor: po.actor, group_n: po.groupN, reduced_group: po.groupN < input.session.experiment.game.groupSize ? 1 : 0,
        group_total: r?.total ?? "", share: r?.share ?? "", payoff: po.payoff, decided_at: iso(po.decidedAt),
        round_started_at: iso(r?.startedAt), round_ended_at: iso(r?.endedAt),
      });
    }
  }
  return rows;
}

export const PAYMENT_COLUMNS = ["platform", "platform_id", "study_id", "status", "completion_code", "points", "fee", "bonus", "waiting_bonus", "total", "currency"] as const;
export type PaymentRow = Record<(typeof PAYMENT_COLUMNS)[number], string | number>;

/** One payment line per participant who is done: completed, released without a match, group ended, or removed. */
export function paymentRows(input: ExportInput): PaymentRow[] {
  const x = input.session.experiment;
  return input.participants
    .filter((p) => isOutcome(p.status))
    .map((p) => {
      const pay = payFor(x.payment, p.points ?? 0, waitedMs(p));
      return {
        platform: p.platform, platform_id: p.platformId, study_id: p.studyId ?? "", status: p.status,
        completion_code: completionCode(x, p.status as OutcomeKind),
        points: p.points ?? 0, fee: pay.fee.toFixed(2), bonus: pay.bonus.toFixed(2), waiting_bonus: pay.waiting.toFixed(2),
        total: pay.total.toFixed(2), currency: pay.currency,
      };
    });
}
