// When each participant was seated in a group: ends their waiting time (paid as a waiting bonus).
import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

export class GroupedAt1763800000000 implements MigrationInterface {
  name = "GroupedAt1763800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("participants", new TableColumn({ name: "grouped_at", type: "bigint", isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("participants", "grouped_at");
  }
}
