// Dropout data: who made each round's decision (participant or bot), how many decided, and participant events.
import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

export class Dropouts1763790000000 implements MigrationInterface {
  name = "Dropouts1763790000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("payoffs", new TableColumn({ name: "actor", type: "varchar", length: "16", default: "'participant'" }));
    await q.addColumn("payoffs", new TableColumn({ name: "group_n", type: "integer", default: "0" }));
    await q.changeColumn("payoffs", "contribution", new TableColumn({ name: "contribution", type: "integer", isNullable: true }));
    await q.createTable(new Table({
      name: "participant_events",
      columns: [
        { name: "seq", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
        { name: "session_id", type: "varchar", length: "36" },
        { name: "participant_id", type: "varchar", length: "36" },
        { name: "group_id", type: "varchar", length: "36", isNullable: true },
        { name: "kind", type: "varchar", length: "24" },
        { name: "detail", type: "varchar", length: "200", isNullable: true },
        { name: "at", type: "bigint" },
      ],
      indices: [new TableIndex({ name: "IDX_participant_events_session", columnNames: ["session_id"] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("participant_events");
    await q.changeColumn("payoffs", "contribution", new TableColumn({ name: "contribution", type: "integer" }));
    await q.dropColumn("payoffs", "group_n");
    await q.dropColumn("payoffs", "actor");
  }
}
