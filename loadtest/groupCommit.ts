// Prototype for server/store: group commit of lock-ins. Every recordDecision arriving while a commit is under way
// joins the next one, so N decisions cost one INSERT … ON CONFLICT DO NOTHING and one WAL flush instead of N
// SELECT + INSERT round trips and N flushes. Each caller still resolves only after its row is committed (durable
// before acknowledged) and with the same {stored, existing} answer as the plain store. Measured in bench:decisions.
import { In, type DataSource } from "typeorm";
import { DecisionEntity, type DecisionRow } from "../server/store/entities.js";
import type { DecisionRecord, Store } from "../server/store/port.js";

export interface GroupCommitOptions {
  /** Most decisions in one statement. Default 500 (9 parameters each, far below PostgreSQL's 65,535). */
  maxBatch?: number;
  /** Most commits in flight at once (each holds a pooled connection). Default 4. */
  maxInFlight?: number;
}

type Waiter = { decision: DecisionRecord; resolve(v: { stored: boolean; existing: DecisionRecord }): void; reject(e: unknown): void };

const strip = ({ seq: _seq, ...d }: DecisionRow): DecisionRecord => d;

/**
 * `store` with recordDecision replaced by a group-committing one over `ds` (the same database). Batches form
 * naturally: a batch leaves as soon as a commit slot is free, and everything that arrived meanwhile rides the next.
 * There is no timer, so a lone decision is committed at once; under load batches grow with the commit latency.
 */
export function withGroupCommit(store: Store, ds: DataSource, o: GroupCommitOptions = {}): Store & { batches(): { count: number; decisions: number; largest: number } } {
  const maxBatch = o.maxBatch ?? 500;
  const maxInFlight = o.maxInFlight ?? 4;
  const isPostgres = ds.options.type === "postgres";
  const queue: Waiter[] = [];
  let inFlight = 0;
  const figures = { count: 0, decisions: 0, largest: 0 };

  /** Inserts the rows whose key is new, in one commit; returns the keys inserted and the rows found already stored. */
  async function write(rows: DecisionRecord[], keys: string[]): Promise<{ inserted: Set<string>; existing: Map<string, DecisionRecord> }> {
    const existing = new Map<string, DecisionRecord>();
    if (isPostgres) {
      // One statement, one commit: a row whose key is already stored is skipped, not an error.
      const result = await ds.createQueryBuilder().insert().into(DecisionEntity).values(rows.map((r) => ({ ...r }))).orIgnore().returning(["key"]).execute();
      const inserted = new Set((result.raw as Array<{ key: string | null }>).map((r) => r.key).filter((k): k is string => k !== null));
      const missing = keys.filter((k) => !inserted.has(k));
      if (missing.length) for (const row of await ds.getRepository(DecisionEntity).findBy({ key: In(missing) })) existing.set(row.key!, strip(row));
      return { inserted, existing };
    }
    // SQLite has a single writer and TypeORM offers no RETURNING there: look up and insert in one transaction.
    const inserted = await ds.transaction(async (em) => {
      const repo = em.getRepository(DecisionEntity);
      if (keys.length) for (const row of await repo.findBy({ key: In(keys) })) existing.set(row.key!, strip(row));
      const fresh = rows.filter((r) => r.key === null || !existing.has(r.key));
      for (let i = 0; i < fresh.length; i += 100) await repo.insert(fresh.slice(i, i + 100).map((r) => ({ ...r })));
      return new Set(fresh.map((r) => r.key).filter((k): k is string => k !== null));
    });
    return { inserted, existing };
  }

  async function commit(batch: Waiter[]): Promise<void> {
    // One row per key: a retry that arrives in the same batch as its original must not be inserted twice.
    const firstByKey = new Map<string, Waiter>();
    const rows: DecisionRecord[] = [];
    for (const w of batch) {
      const k = w.decision.key;
      if (k === null) rows.push(w.decision);
      else if (!firstByKey.has(k)) {
        firstByKey.set(k, w);
        rows.push(w.decision);
      }
    }
    const { inserted, existing } = await write(rows, [...firstByKey.keys()]);
    for (const w of batch) {
      const k = w.decision.key;
      if (k === null) w.resolve({ stored: true, existing: w.decision });
      else if (inserted.has(k)) {
        const first = firstByKey.get(k)!;
        w.resolve(first === w ? { stored: true, existing: w.decision } : { stored: false, existing: first.decision });
      } else if (existing.has(k)) w.resolve({ stored: false, existing: existing.get(k)! });
      else w.reject(new Error(`decision ${k} was neither inserted nor found`));
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      figures.count++;
      figures.decisions += batch.length;
      figures.largest = Math.max(figures.largest, batch.length);
      commit(batch)
        .catch((e) => batch.forEach((w) => w.reject(e)))
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  return {
    ...store,
    recordDecision(decision) {
      return new Promise((resolve, reject) => {
        queue.push({ decision: { ...decision }, resolve, reject });
        // Let the current event-loop turn add its decisions before the first batch leaves.
        if (queue.length === 1) setImmediate(pump);
      });
    },
    batches: () => ({ ...figures }),
  };
}
