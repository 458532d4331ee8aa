// Rolling strangers: who has met whom in a session, kept in the store so it survives a lobby restart.
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

export class MetPairs1763840000000 implements MigrationInterface {
  name = "MetPairs1763840000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: "met_pairs",
      columns: [
        { name: "session_id", type: "varchar", length: "36", isPrimary: true },
        { name: "state", type: "text" },
        { name: "updated_at", type: "bigint" },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("met_pairs");
  }
}
