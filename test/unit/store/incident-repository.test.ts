import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { IncidentRepository } from '../../../src/store/incident-repository.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { INCIDENT_DECLARED_AT, incidentRecord } from '../../support/incident-record.js';
import { tempDbPath } from '../../support/test-shipgate.js';

let db: Db;
let path: string;
let repo: IncidentRepository;
const at = INCIDENT_DECLARED_AT;

const incident = incidentRecord;

beforeEach(() => {
  path = tempDbPath('shipgate-incidents-');
  db = openDatabase(path);
  repo = new IncidentRepository(new SqliteRunner(db));
});
afterEach(() => {
  db.close();
  rmSync(dirname(path), { recursive: true, force: true });
});

describe('IncidentRepository', () => {
  it('numbers incidents per year', async () => {
    expect([await repo.nextId(2026), await repo.nextId(2026), await repo.nextId(2027)]).toEqual([
      'INC-2026-0001',
      'INC-2026-0002',
      'INC-2027-0001',
    ]);
  });

  it('stores an incident and finds it again by id and by channel, after an update', async () => {
    await repo.insert(incident('INC-2026-0001'));
    const later = new Date(at.getTime() + 60_000);
    await repo.update(
      'INC-2026-0001',
      {
        channelId: 'C0INC1',
        channelName: 'inc-2026-0001-checkout-down',
        status: 'acknowledged',
        acknowledgedAt: later,
        roles: { scribe: 'U0BOB' },
        pagerduty: { state: 'triggered' },
      },
      later,
    );
    const found = await repo.byChannel('C0INC1');
    expect(found).toMatchObject({
      id: 'INC-2026-0001',
      status: 'acknowledged',
      roles: { scribe: 'U0BOB' },
      pagerduty: { state: 'triggered' },
    });
    expect(found?.acknowledgedAt).toEqual(later);
    expect((await repo.get('INC-2026-0001'))?.updatedAt).toEqual(later);
  });

  it('lists open incidents newest first, and every incident on request', async () => {
    await repo.insert(incident('INC-2026-0001'));
    await repo.insert(
      incident('INC-2026-0002', { declaredAt: new Date(at.getTime() + 1000), status: 'resolved' }),
    );
    await repo.insert(incident('INC-2026-0003', { declaredAt: new Date(at.getTime() + 2000) }));
    expect((await repo.list()).map((i) => i.id)).toEqual(['INC-2026-0003', 'INC-2026-0001']);
    expect((await repo.list(true)).map((i) => i.id)).toEqual([
      'INC-2026-0003',
      'INC-2026-0002',
      'INC-2026-0001',
    ]);
  });

  it('refuses two incidents in one channel', async () => {
    await repo.insert(incident('INC-2026-0001', { channelId: 'C0INC1' }));
    await expect(repo.insert(incident('INC-2026-0002', { channelId: 'C0INC1' }))).rejects.toThrow(/UNIQUE/);
  });
});
