// Tidy export rows built from a small hand-made session.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkExperiment } from "../../server/domain/experiment/check.js";
import { DATA_COLUMNS, PAYMENT_COLUMNS, dataRows, paymentRows, type ExportInput } from "../../server/domain/export/tidy.js";

const checked = checkExperiment(JSON.parse(readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8")));
if (!checked.ok) throw new Error("demo.json must be valid");
const experiment = checked.config; // GBP, 0.01 per point, fee 1.50; codes C1A2B3C4 / C9NOMATCH

const T0 = Date.UTC(2025, 0, 2, 10, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

type P = ExportInput["participants"][number];
const person = (over: Partial<P> & Pick<P, "id" | "status">): P => ({
  platform: "label", platformId: over.id, studyId: null, platformSessionId: null, groupId: null, seat: null, points: null,
  createdAt: T0, consentedAt: null, lobbyEnteredAt: null, groupedAt: null, completedAt: null, ...over,
});

const input: ExportInput = {
  session: { code: "ABCD2345", label: "pilot", experiment },
  participants: [
    person({
      id: "p1", status: "completed", platform: "prolific", platformId: "5f8a1b2c3d4e5f6a7b8c9d0e", studyId: "60aabbccddeeff0011223344",
      platformSessionId: "0123456789abcdef01234567", groupId: "g1", seat: 0, points: 52, consentedAt: T0 + 1_000,
      lobbyEnteredAt: T0 + 2_000, groupedAt: T0 + 9_000, completedAt: T0 + 90_000,
    }),
    person({ id: "p2", status: "consented", consentedAt: T0 + 5_000 }),
    person({ id: "p3", status: "no_match", points: 0, lobbyEnteredAt: T0 + 3_000, completedAt: T0 + 303_000 }),
  ],
  rounds: [
    { groupId: "g1", round: 1, total: 40, share: 16, startedAt: T0 + 10_000, endedAt: T0 + 40_000 },
    { groupId: "g1", round: 2, total: 30, share: 12, startedAt: T0 + 45_000, endedAt: T0 + 80_000 },
  ],
  // Round 2 listed first: rows must still come out in round order.
  payoffs: [
    { participantId: "p1", groupId: "g1", round: 2, contribution: 5, timedOut: true, payoff: 27, decidedAt: T0 + 75_000, actor: "bot", groupN: 3 },
    { participantId: "p1", groupId: "g1", round: 1, contribution: 10, timedOut: false, payoff: 26, decidedAt: T0 + 20_000, actor: "participant", groupN: 4 },
  ],
};

describe("tidy export", () => {
  describe("dataRows", () => {
    const rows = dataRows(input);

    it("gives one row per participant × round played, and one row for a participant who played none", () => {
      assert.deepEqual(rows.map((r) => [r.participant, r.round]), [["p1", 1], ["p1", 2], ["p2", ""], ["p3", ""]]);
    });

    it("has exactly the documented columns in every row", () => {
      for (const r of rows) assert.deepEqual(Object.keys(r).sort(), [...DATA_COLUMNS].sort());
    });

    it("fills a played round from the payoff and the round record", () => {
      assert.deepEqual(rows[1], {
        session: "ABCD2345", participant: "p1", platform: "prolific", platform_id: "5f8a1b2c3d4e5f6a7b8c9d0e",
        study_id: "60aabbccddeeff0011223344", platform_session_id: "0123456789abcdef01234567", status: "completed",
        group: "g1", seat: 1, round: 2, contribution: 5, timed_out: 1, actor: "bot", group_n: 3, reduced_group: 1, group_total: 30, share: 12, payoff: 27,
        decided_at: iso(T0 + 75_000), round_started_at: iso(T0 + 45_000), round_ended_at: iso(T0 + 80_000),
        entered_at: iso(T0), consented_at: iso(T0 + 1_000), lobby_entered_at: iso(T0 + 2_000), grouped_at: iso(T0 + 9_000),
        waiting_seconds: 7, completed_at: iso(T0 + 90_000),
      });
      assert.equal(rows[0].timed_out, 0);
      assert.equal(rows[0].seat, 1, "seats are exported 1-based");
      assert.deepEqual([rows[0].actor, rows[0].group_n, rows[0].reduced_group], ["participant", 4, 0], "a full group is not flagged");
    });

    it("leaves round fields and unknown times empty for a participant without rounds", () => {
      const p2 = rows[2];
      for (const col of ["round", "contribution", "timed_out", "actor", "group_n", "reduced_group", "group_total", "share", "payoff", "decided_at", "round_started_at", "round_ended_at"] as const) {
        assert.equal(p2[col], "", col);
      }
      assert.equal(p2.group, "");
      assert.equal(p2.seat, "");
      assert.equal(p2.study_id, "");
      assert.equal(p2.consented_at, iso(T0 + 5_000));
      assert.equal(p2.lobby_entered_at, "");
      assert.equal(p2.completed_at, "");
    });
  });

  describe("paymentRows", () => {
    const rows = paymentRows(input);

    it("pays only participants who finished, completed or released without a match", () => {
      assert.deepEqual(rows.map((r) => r.platform_id), ["5f8a1b2c3d4e5f6a7b8c9d0e", "p3"]);
      for (const r of rows) assert.deepEqual(Object.keys(r).sort(), [...PAYMENT_COLUMNS].sort());
    });

    it("pays a completed participant fee plus bonus with the completion code", () => {
      assert.deepEqual(rows[0], {
        platform: "prolific", platform_id: "5f8a1b2c3d4e5f6a7b8c9d0e", study_id: "60aabbccddeeff0011223344", status: "completed",
        completion_code: "C1A2B3C4", points: 52, fee: "1.50", bonus: "0.52", waiting_bonus: "0.00", total: "2.02", currency: "GBP",
      });
    });

    it("pays a no-match participant the fee with the noMatch code", () => {
      assert.deepEqual(rows[1], {
        platform: "label", platform_id: "p3", study_id: "", status: "no_match",
        completion_code: "C9NOMATCH", points: 0, fee: "1.50", bonus: "0.00", waiting_bonus: "0.00", total: "1.50", currency: "GBP",
      });
    });
  });
});
