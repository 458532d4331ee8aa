// Matching data: participant attributes (quota categories), treatments of participants and groups.
import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

export class Attributes1763820000000 implements MigrationInterface {
  name = "Attributes1763820000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("participants", new TableColumn({ name: "attributes", type: "text", isNullable: true }));
    await q.addColumn("participants", new TableColumn({ name: "treatment", type: "varchar", length: "64", isNullable: true }));
    await q.addColumn("groups", new TableColumn({ name: "treatment", type: "varchar", length: "64", isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("groups", "treatment");
    await q.dropColumn("participants", "treatment");
    await q.dropColumn("participants", "attributes");
  }
}
