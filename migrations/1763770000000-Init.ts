// Initial schema, written with TypeORM's portable Table API so the one migration runs on SQLite and PostgreSQL.
import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

const id = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: "varchar", length: "36", ...extra });
const ms = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "bigint", isNullable });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "integer", isNullable });
const real = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "double precision", isNullable });

export class Init1763770000000 implements MigrationInterface {
  name = "Init1763770000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: "sessions",
      columns: [
        id("id", { isPrimary: true }), { ...str("code", 16), isUnique: true }, str("label", 200),
        { name: "experiment", type: "text" }, str("seed", 64), str("status", 16), ms("created_at"),
      ],
    }));
    await q.createTable(new Table({
      name: "participants",
      columns: [
        id("id", { isPrimary: true }), id("session_id"), { ...str("token", 64), isUnique: true }, str("platform", 16),
        str("platform_id", 64), str("study_id", 64, true), str("platform_session_id", 64, true), str("status", 16),
        ms("consented_at", true), ms("lobby_entered_at", true), id("group_id", { isNullable: true }), int("seat", true),
        str("room_id", 64, true), real("points", true), ms("completed_at", true), ms("created_at"),
      ],
      indices: [
        new TableIndex({ name: "UQ_participants_identity", columnNames: ["session_id", "platform", "platform_id"], isUnique: true }),
        new TableIndex({ name: "IDX_participants_study", columnNames: ["platform", "platform_id", "study_id"] }),
      ],
    }));
    await q.createTable(new Table({
      name: "groups",
      columns: [id("id", { isPrimary: true }), id("session_id"), str("room_id", 64), { name: "members", type: "text" }, ms("created_at"), ms("ended_at", true)],
      indices: [new TableIndex({ name: "IDX_groups_session", columnNames: ["session_id"] })],
    }));
    await q.createTable(new Table({
      name: "decisions",
      columns: [
        { name: "seq", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
        id("session_id"), id("group_id"), id("participant_id"), int("round"), str("kind", 8), int("value"),
        { ...str("key", 64, true), isUnique: true }, ms("at"),
      ],
      indices: [new TableIndex({ name: "IDX_decisions_session", columnNames: ["session_id"] })],
    }));
    await q.createTable(new Table({
      name: "rounds",
      columns: [
        id("group_id", { isPrimary: true }), { ...int("round"), isPrimary: true }, id("session_id"), int("total"),
        real("share"), ms("started_at"), ms("ended_at"),
      ],
      indices: [new TableIndex({ name: "IDX_rounds_session", columnNames: ["session_id"] })],
    }));
    await q.createTable(new Table({
      name: "payoffs",
      columns: [
        id("participant_id", { isPrimary: true }), { ...int("round"), isPrimary: true }, id("session_id"), id("group_id"),
        int("contribution"), { name: "timed_out", type: "boolean" }, real("payoff"), ms("decided_at"),
      ],
      indices: [new TableIndex({ name: "IDX_payoffs_session", columnNames: ["session_id"] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["payoffs", "rounds", "decisions", "groups", "participants", "sessions"]) await q.dropTable(t);
  }
}
