// The round/stage machine: a whole game step by step, effects, ignored events, and invariants over random event streams.
import assert from "node:assert/strict";
import fc from "fast-check";
import { initialPhase, step, type Effect, type Phase, type PhaseEvent, type Timing } from "../../server/domain/session/phase.js";

const timing: Timing = { rounds: 2, decisionMs: 1000, resultsMs: 500 };
const ev = (type: PhaseEvent["type"]): PhaseEvent => ({ type });

describe("session phase", () => {
  it("starts in round 1, decision stage, with its deadline, and opens round 1", () => {
    assert.deepEqual(initialPhase(timing, 10_000), {
      phase: { round: 1, stage: "decision", deadline: 11_000 },
      effects: [{ type: "openRound", round: 1 }],
    });
  });

  it("steps through a whole 2-round game", () => {
    let phase = initialPhase(timing, 0).phase;

    // Round 1: everyone decides early; no timeouts are applied.
    let s = step(phase, ev("allDecided"), timing, 300);
    assert.deepEqual(s, { phase: { round: 1, stage: "results", deadline: 800 }, effects: [{ type: "settleRound", round: 1 }] });
    phase = s.phase;

    // Everyone clicks continue before the results deadline.
    s = step(phase, ev("allReady"), timing, 400);
    assert.deepEqual(s, { phase: { round: 2, stage: "decision", deadline: 1400 }, effects: [{ type: "openRound", round: 2 }] });
    phase = s.phase;

    // Round 2: the deadline fires; undecided members are locked by timeout, then the round is settled.
    s = step(phase, ev("deadline"), timing, 1400);
    assert.deepEqual(s, {
      phase: { round: 2, stage: "results", deadline: 1900 },
      effects: [{ type: "applyTimeouts", round: 2 }, { type: "settleRound", round: 2 }],
    });
    phase = s.phase;

    // The results deadline of the last round finishes the game.
    s = step(phase, ev("deadline"), timing, 1900);
    assert.deepEqual(s, { phase: { round: 2, stage: "finished", deadline: null }, effects: [{ type: "finish" }] });
  });

  it("emits applyTimeouts only when the decision stage ends by its deadline", () => {
    const start = initialPhase(timing, 0).phase;
    const byDeadline = step(start, ev("deadline"), timing, 1000).effects.map((e) => e.type);
    const byDecision = step(start, ev("allDecided"), timing, 1000).effects.map((e) => e.type);
    assert.deepEqual(byDeadline, ["applyTimeouts", "settleRound"]);
    assert.deepEqual(byDecision, ["settleRound"]);
  });

  it("ignores a deadline that fires early (now < deadline) in either stage", () => {
    const decision: Phase = { round: 1, stage: "decision", deadline: 1000 };
    const results: Phase = { round: 1, stage: "results", deadline: 1500 };
    for (const phase of [decision, results]) {
      const s = step(phase, ev("deadline"), timing, phase.deadline! - 1);
      assert.equal(s.phase, phase);
      assert.deepEqual(s.effects, []);
    }
    // At exactly the deadline it does fire.
    assert.equal(step(decision, ev("deadline"), timing, 1000).phase.stage, "results");
  });

  it("ignores events that do not fit the stage", () => {
    const decision: Phase = { round: 1, stage: "decision", deadline: 1000 };
    const results: Phase = { round: 1, stage: "results", deadline: 1500 };
    assert.deepEqual(step(decision, ev("allReady"), timing, 500), { phase: decision, effects: [] });
    assert.deepEqual(step(results, ev("allDecided"), timing, 500), { phase: results, effects: [] });
  });

  it("treats finished as terminal", () => {
    const finished: Phase = { round: 2, stage: "finished", deadline: null };
    for (const type of ["allDecided", "allReady", "deadline"] as const) {
      assert.deepEqual(step(finished, ev(type), timing, 1e12), { phase: finished, effects: [] });
    }
  });

  it("keeps its invariants over any stream of events (property)", () => {
    const event = fc.constantFrom<PhaseEvent["type"]>("allDecided", "allReady", "deadline");
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(event, fc.integer({ min: 0, max: 1500 })), { maxLength: 60 }),
        (rounds, events) => {
          const t: Timing = { rounds, decisionMs: 1000, resultsMs: 500 };
          let now = 0;
          let { phase, effects: all } = initialPhase(t, now);
          for (const [type, dt] of events) {
            now += dt;
            const s = step(phase, ev(type), t, now);
            if (s.effects.length === 0) assert.equal(s.phase, phase, "no effects means no change");
            if (s.effects.some((e) => e.type === "applyTimeouts")) assert.equal(type, "deadline");
            assert.ok(s.phase.round >= phase.round && s.phase.round <= rounds);
            assert.equal(s.phase.deadline === null, s.phase.stage === "finished");
            phase = s.phase;
            all = [...all, ...s.effects];
          }
          const count = (type: Effect["type"], round?: number) =>
            all.filter((e) => e.type === type && (round === undefined || ("round" in e && e.round === round))).length;
          for (let r = 1; r <= rounds; r++) {
            assert.ok(count("openRound", r) <= 1, `round ${r} opened once at most`);
            assert.ok(count("settleRound", r) <= 1, `round ${r} settled once at most`);
          }
          assert.ok(count("finish") <= 1);
          assert.equal(count("finish") === 1, phase.stage === "finished");
          if (phase.stage === "finished") assert.equal(count("settleRound"), rounds);
        },
      ),
      { numRuns: 300 },
    );
  });
});
