import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenPostgres } from '../../../src/store/postgres/postgres-listener.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';
import { deferred } from '../../unit/scheduler/temp-db.js';

describe.skipIf(missingPostgres())('LISTEN on a dedicated PostgreSQL connection', () => {
  let schema: FreshSchema;

  beforeAll(async () => {
    schema = await freshSchema('listener');
  });
  afterAll(async () => {
    await schema.drop();
  });

  it('hears notifications, listens again after its connection is killed, and stops for good', async () => {
    const application = `sg_listen_${randomBytes(4).toString('hex')}`;
    const heard: string[] = [];
    let next = deferred();
    const resumed = deferred();
    const errors: unknown[] = [];
    const stop = await listenPostgres(
      { ...schema.config, application_name: application },
      'shipgate_test',
      (payload) => {
        heard.push(payload);
        next.resolve();
      },
      { retryMs: 10, onResumed: () => resumed.resolve(), onError: (err) => errors.push(err) },
    );
    const admin = await schema.client();
    await admin.query("SELECT pg_notify('shipgate_test', 'one')");
    await next.promise;
    expect(heard).toEqual(['one']);

    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      application,
    ]);
    await resumed.promise;
    expect(errors.length).toBeGreaterThan(0);
    next = deferred();
    await admin.query("SELECT pg_notify('shipgate_test', 'two')");
    await next.promise;
    expect(heard).toEqual(['one', 'two']);

    await stop();
    const left = await admin.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
      [application],
    );
    expect(left.rows).toEqual([{ n: 0 }]);
  });
});
