// Cohort re-matching: each cohort's stored plan (who meets whom in which round) and each participant's progress.
import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

export class Cohorts1763830000000 implements MigrationInterface {
  name = "Cohorts1763830000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: "cohorts",
      columns: [
        { name: "id", type: "varchar", length: "36", isPrimary: true },
        { name: "session_id", type: "varchar", length: "36" },
        { name: "members", type: "text" },
        { name: "plan", type: "text" },
        { name: "created_at", type: "bigint" },
      ],
      indices: [new TableIndex({ name: "IDX_cohorts_session", columnNames: ["session_id"] })],
    }));
    await q.addColumn("participants", new TableColumn({ name: "cohort_id", type: "varchar", length: "36", isNullable: true }));
    await q.addColumn("participants", new TableColumn({ name: "rounds_played", type: "integer", default: "0" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("participants", "rounds_played");
    await q.dropColumn("participants", "cohort_id");
    await q.dropTable("cohorts");
  }
}
