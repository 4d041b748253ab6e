import type { InboundLedger } from '../../services/ports/inbound-ledger.js';
import type { SqlRunner } from './sql-runner.js';
import { defineStatement } from './statement.js';

/** How long a request key is remembered; Slack's last retry comes about 5 minutes after the first attempt. */
const KEEP_MS = 60 * 60 * 1000;

const insert = defineStatement((db, p) =>
  db
    .insertInto('inbound_requests')
    .values({ key: p('key'), received_at: p('at') })
    .onConflict((oc) => oc.column('key').doNothing()),
);
const purge = defineStatement((db, p) =>
  db.deleteFrom('inbound_requests').where('received_at', '<', p('before')),
);

/**
 * The inbound ledger on either store: `firstSeen` is one atomic insert that does nothing on a key already there, so
 * of two replicas taking in the same redelivery at once exactly one sees it first. Old keys are purged as it goes.
 */
export class SqlInboundLedger implements InboundLedger {
  private inserts = 0;

  constructor(private readonly runner: SqlRunner) {}

  async firstSeen(key: string, now: Date): Promise<boolean> {
    const fresh = (await this.runner.run(insert, { key, at: now.getTime() })) === 1;
    if (fresh && ++this.inserts % 1000 === 0)
      await this.runner.run(purge, { before: now.getTime() - KEEP_MS });
    return fresh;
  }
}
