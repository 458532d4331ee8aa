// The process-wide event writer: one write for everything pending, in push order, nothing lost when a write fails.
import assert from "node:assert/strict";
import pino from "pino";
import { createMemoryStore } from "../../server/store/memoryStore.js";
import { EventWriter } from "../../server/store/eventWriter.js";
import type { DecisionRecord, Store } from "../../server/store/port.js";

const event = (i: number, groupId = "g1"): DecisionRecord => ({
  sessionId: "s1", groupId, participantId: `p${i % 4}`, round: 1, kind: "live", value: i, key: null, at: 1_763_770_000_000 + i,
});

/** A store that records each recordEvents call and fails the calls asked to fail. */
function recordingStore(failCalls: Set<number> = new Set()) {
  const inner = createMemoryStore();
  const calls: number[][] = [];
  const store: Store = {
    ...inner,
    async recordEvents(events) {
      calls.push(events.map((e) => e.value));
      if (failCalls.has(calls.length)) throw new Error("database unavailable");
      return inner.recordEvents(events);
    },
  };
  return { store, inner, calls };
}

const silent = pino({ level: "silent" });

describe("EventWriter", () => {
  it("writes the events of many rooms in one call, in the order pushed", async () => {
    const { store, inner, calls } = recordingStore();
    const w = new EventWriter(store, silent, { intervalMs: 60_000 });
    for (let i = 0; i < 12; i++) w.push(event(i, `g${i % 3}`));
    await w.flush();
    assert.deepEqual(calls, [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]);
    assert.deepEqual((await inner.decisions("s1")).map((d) => d.value), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    await w.flush(); // nothing pending: no write
    assert.equal(calls.length, 1);
    await w.close();
  });

  it("keeps the events of a failed write, in front, and stores them with the next", async () => {
    const { store, inner, calls } = recordingStore(new Set([1]));
    const w = new EventWriter(store, silent, { intervalMs: 60_000 });
    w.push(event(1), event(2));
    await w.flush(); // fails, logged, resolves
    w.push(event(3));
    await w.flush();
    assert.deepEqual(calls, [[1, 2], [1, 2, 3]]);
    assert.deepEqual((await inner.decisions("s1")).map((d) => d.value), [1, 2, 3]);
    await w.close();
  });

  it("never overlaps writes: a flush during a write waits for it, then writes what came since", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { store, inner } = recordingStore();
    const slow: Store = { ...store, recordEvents: async (events) => { await gate; return store.recordEvents(events); } };
    const w = new EventWriter(slow, silent, { intervalMs: 60_000 });
    w.push(event(1));
    const first = w.flush();
    w.push(event(2));
    const second = w.flush();
    release();
    await Promise.all([first, second]);
    assert.deepEqual((await inner.decisions("s1")).map((d) => d.value), [1, 2]);
    await w.close();
  });

  it("starts a write by itself when maxPending events are waiting, and writes on its interval", async () => {
    const { store, calls } = recordingStore();
    const w = new EventWriter(store, silent, { intervalMs: 20, maxPending: 3 });
    w.push(event(1), event(2), event(3)); // reaches maxPending: written without a flush call
    for (let i = 0; i < 100 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(calls[0], [1, 2, 3]);
    w.push(event(4)); // below maxPending: the interval writes it
    for (let i = 0; i < 100 && calls.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(calls[1], [4]);
    await w.close();
  });

  it("close writes what is pending", async () => {
    const { store, calls } = recordingStore();
    const w = new EventWriter(store, silent, { intervalMs: 60_000 });
    w.push(event(7));
    await w.close();
    assert.deepEqual(calls, [[7]]);
  });
});
