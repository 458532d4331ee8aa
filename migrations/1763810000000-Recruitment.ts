// Recruitment requests raised by the standby pool's turnover rules.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

export class Recruitment1763810000000 implements MigrationInterface {
  name = "Recruitment1763810000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: "recruitment_requests",
      columns: [
        { name: "seq", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
        { name: "session_id", type: "varchar", length: "36" },
        { name: "reason", type: "varchar", length: "24" },
        { name: "participant_id", type: "varchar", length: "36" },
        { name: "at", type: "bigint" },
      ],
      indices: [new TableIndex({ name: "IDX_recruitment_session", columnNames: ["session_id"] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("recruitment_requests");
  }
}
