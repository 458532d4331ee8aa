// Store-backed ownership for scale-out: one lobby per session (lobby_owners) and one process per group room.
import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

export class LobbyOwners1763780000000 implements MigrationInterface {
  name = "LobbyOwners1763780000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: "lobby_owners",
      columns: [
        { name: "session_id", type: "varchar", length: "36", isPrimary: true },
        { name: "room_id", type: "varchar", length: "64" },
        { name: "process_id", type: "varchar", length: "64" },
        { name: "heartbeat_at", type: "bigint" },
      ],
    }));
    await q.addColumn("groups", new TableColumn({ name: "process_id", type: "varchar", length: "64", isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("groups", "process_id");
    await q.dropTable("lobby_owners");
  }
}
