import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployRecord } from '../../../src/core/deploys/deploy-record.js';
import { DeployRepository } from '../../../src/store/deploy-repository.js';
import type { SqlRunner } from '../../../src/store/sql/sql-runner.js';
import { deployRecord } from '../../support/deploy-record.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';
import { missingPostgres } from '../../support/postgres.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** A deploy that needs two roles' approvals, of a service of its own. */
const deploy = (id: string): DeployRecord =>
  deployRecord(id, id.toLowerCase(), at(0), { requiredRoles: ['team-lead', 'release-manager'] });

/**
 * Two replicas' pools on one schema. Each transaction is the read-then-write shape Shipgate's services use (read the
 * deploy, decide, write), with a round trip in between so the two overlap; without the write lock PostgreSQL's
 * READ COMMITTED lets both read the same state.
 */
/** One replica's view: its deploy repository and the runner its transactions run on. */
type Replica = readonly [DeployRepository, SqlRunner];

describe.skipIf(missingPostgres())('transactions from two replicas on PostgreSQL', () => {
  let store: DialectStore;
  let replicas: readonly [Replica, Replica];
  const replica = (i: number): Replica => replicas[i % 2 === 0 ? 0 : 1];
  beforeAll(async () => {
    const postgres = dialectStores('write_lock', { poolSize: 6 }).find(([name]) => name === 'PostgreSQL');
    if (!postgres) throw new Error('no PostgreSQL store');
    store = await postgres[1]();
    const second = store.connect().runner;
    replicas = [
      [new DeployRepository(store.runner), store.runner],
      [new DeployRepository(second), second],
    ];
  });
  afterAll(async () => {
    await store?.close();
  });

  it('lose no update when 20 read-then-write transactions race over both pools', async () => {
    await replica(0)[0].insert(deploy('D-RMW'));
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const [deploys, runner] = replica(i);
        await runner.transaction(async () => {
          const current = await deploys.get('D-RMW');
          await deploys.approvals('D-RMW');
          await deploys.update('D-RMW', { outcome: `${current?.outcome ?? ''}${i % 10}` }, at(1));
        });
      }),
    );
    expect((await replica(1)[0].get('D-RMW'))?.outcome).toHaveLength(20);
  });

  it('let exactly one of two approvers, one per replica, complete an approval that needs both', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `D-LAST-${round}`;
      await replica(0)[0].insert(deploy(id));
      const completed = await Promise.all(
        (['team-lead', 'release-manager'] as const).map(async (role, i) => {
          const [deploys, runner] = replica(i);
          return await runner.transaction(async () => {
            await deploys.addApproval(id, { userId: `U0${i}`, role, at: at(2) });
            const given = await deploys.approvals(id);
            const current = await deploys.get(id);
            if (given.length < 2 || current?.state !== 'awaiting_approval') return false;
            await deploys.update(id, { state: 'approved' }, at(2));
            return true;
          });
        }),
      );
      expect(completed.filter(Boolean)).toHaveLength(1);
      expect((await replica(1)[0].get(id))?.state).toBe('approved');
    }
  });
});
