// How many participants a session has admitted, kept on the session row so that entry can take a capacity slot with
// one conditional UPDATE instead of locking the session and counting its participants. Backfilled from the rows.
import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

export class EntryCounter1763850000000 implements MigrationInterface {
  name = "EntryCounter1763850000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("sessions", new TableColumn({ name: "entered", type: "integer", default: "0" }));
    await q.query(`UPDATE sessions SET entered = (SELECT COUNT(*) FROM participants p WHERE p.session_id = sessions.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("sessions", "entered");
  }
}
