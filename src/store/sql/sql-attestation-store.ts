import type { Attestation } from '../../core/readiness/attestation.js';
import type { AttestationStore } from '../../services/ports/attestation-store.js';
import type { SqlRunner } from './sql-runner.js';
import { defineStatement } from './statement.js';
import type { ReadinessTables } from './tables/readiness-tables.js';

/** A row as both stores return it. */
type AttestationRow = ReadinessTables['readiness_attestations'];

const forService = defineStatement((db, p) =>
  db.selectFrom('readiness_attestations').selectAll().where('service', '=', p('service')).orderBy('item_id'),
);
const put = defineStatement((db, p) =>
  db
    .insertInto('readiness_attestations')
    .values({
      service: p('service'),
      item_id: p('itemId'),
      user_id: p('userId'),
      role: p('role'),
      version: p('version'),
      at: p('at'),
    })
    .onConflict((oc) =>
      oc.columns(['service', 'item_id']).doUpdateSet((eb) => ({
        user_id: eb.ref('excluded.user_id'),
        role: eb.ref('excluded.role'),
        version: eb.ref('excluded.version'),
        at: eb.ref('excluded.at'),
      })),
    ),
);
const remove = defineStatement((db, p) =>
  db
    .deleteFrom('readiness_attestations')
    .where('service', '=', p('service'))
    .where('item_id', '=', p('itemId')),
);

/** Checklist ticks in `readiness_attestations` on either store, one row per service and item (a newer tick replaces). */
export class SqlAttestationStore implements AttestationStore {
  constructor(private readonly runner: SqlRunner) {}

  async forService(service: string): Promise<Attestation[]> {
    const rows = await this.runner.all<AttestationRow>(forService, { service });
    return rows.map((row) => ({
      service: row.service,
      itemId: row.item_id,
      userId: row.user_id,
      role: row.role,
      version: row.version ?? undefined,
      at: new Date(row.at),
    }));
  }

  async put(a: Attestation): Promise<void> {
    await this.runner.run(put, {
      service: a.service,
      itemId: a.itemId,
      userId: a.userId,
      role: a.role,
      version: a.version ?? null,
      at: a.at.getTime(),
    });
  }

  async remove(service: string, itemId: string): Promise<boolean> {
    return (await this.runner.run(remove, { service, itemId })) > 0;
  }
}
