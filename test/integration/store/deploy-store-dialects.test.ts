import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployRecord } from '../../../src/core/deploys/deploy-record.js';
import { SecretValues } from '../../../src/core/text/secret-values.js';
import { DeployRepository } from '../../../src/store/deploy-repository.js';
import { deployRecord } from '../../support/deploy-record.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';

const SECRET = 'hunter2-token';
const secrets = SecretValues.of([SECRET]);

const stores = dialectStores('deploy_store', { secrets, poolSize: 8 });

const T0 = Date.parse('2026-12-03T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** A deploy of `service`; each test uses services of its own so the store is shared across tests. */
const deploy = (id: string, service: string, extra: Partial<DeployRecord> = {}): DeployRecord =>
  deployRecord(id, service, at(0), extra);

describe.each(stores)('the deploy store on %s', (_name, open) => {
  let store: DialectStore;
  let deploys: DeployRepository;
  beforeAll(async () => {
    store = await open();
    deploys = new DeployRepository(store.runner);
  });
  afterAll(async () => {
    await store.close();
  });

  it('numbers deploys per year, without gaps or repeats under concurrency', async () => {
    expect(await deploys.nextId(2031)).toBe('DEP-2031-0001');
    expect(await deploys.nextId(2031)).toBe('DEP-2031-0002');
    expect(await deploys.nextId(2032)).toBe('DEP-2032-0001');
    const racing = await Promise.all(Array.from({ length: 20 }, () => deploys.nextId(2033)));
    expect(new Set(racing).size).toBe(20);
    expect([...racing].sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `DEP-2033-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('stores a deploy with its JSON columns and optional fields, and reads it back as given', async () => {
    const full = deploy('D-FULL', 'full', {
      previousVersion: '0.9.0',
      emergencyReason: 'hotfix',
      needsReview: true,
      requiredRoles: ['team-lead', 'qa'],
      onCall: { members: ['U0CAROL'], source: 'pagerduty', note: 'paged' },
      validations: [{ name: 'tests', level: 'required', ok: true, summary: 'green', output: 'ok' }],
      steps: [
        { id: 's1', kind: 'switch_traffic', label: 'Switch', color: 'green', percent: 50, state: 'running' },
      ],
      liveColor: 'blue',
      targetColor: 'green',
      outcome: 'deployed',
      finishedAt: at(5),
      kind: 'rollback',
      rollbackOf: 'D-OLD',
      survived: true,
      watch: {
        state: 'watching',
        startedAt: at(1),
        durationMs: 600_000,
        baseline: { errors: 0.5 },
        progress: { withDataMs: 0, gapMs: 0 },
        lastFindings: [],
        reportedAt: at(2),
      } as unknown as NonNullable<DeployRecord['watch']>,
    });
    await deploys.insert(full);
    expect(await deploys.get('D-FULL')).toEqual(full);
    const bare = deploy('D-BARE', 'full');
    await deploys.insert(bare);
    expect(await deploys.get('D-BARE')).toEqual(bare);
    expect(await deploys.get('D-NONE')).toBeUndefined();
  });

  it('redacts the store secret values from free text on insert, update and block', async () => {
    await deploys.insert(
      deploy('D-SECRET', 'secret', {
        emergencyReason: `reason ${SECRET}`,
        outcome: `outcome ${SECRET}`,
        onCall: { members: [], source: 'config', note: `note ${SECRET}` },
        validations: [{ name: 'v', level: 'required', ok: false, summary: SECRET, output: `out ${SECRET}` }],
      }),
    );
    const inserted = await deploys.get('D-SECRET');
    expect(JSON.stringify(inserted)).not.toContain(SECRET);
    expect(inserted?.outcome).toMatch(/^outcome /);
    const updated = await deploys.update(
      'D-SECRET',
      {
        steps: [{ id: 's', kind: 'switch_traffic', label: 'x', state: 'failed', summary: `step ${SECRET}` }],
      },
      at(1),
    );
    expect(updated.updatedAt).toEqual(at(1));
    expect(JSON.stringify(await deploys.get('D-SECRET'))).not.toContain(SECRET);
    await deploys.block({
      service: 'secret',
      env: 'production',
      version: '1.0.0',
      blockedBy: 'U0BOB',
      reason: `because ${SECRET}`,
      deployId: 'D-SECRET',
      at: at(2),
    });
    expect((await deploys.blocked('secret', 'production', '1.0.0'))?.reason).not.toContain(SECRET);
  });

  it('applies a patch, bumps updated_at and refuses an unknown deploy', async () => {
    await deploys.insert(deploy('D-UPD', 'upd'));
    const next = await deploys.update(
      'D-UPD',
      { state: 'succeeded', finishedAt: at(3), survived: true },
      at(3),
    );
    expect(next).toMatchObject({ state: 'succeeded', finishedAt: at(3), survived: true, updatedAt: at(3) });
    expect(await deploys.get('D-UPD')).toEqual(next);
    await expect(deploys.update('D-MISSING', { state: 'failed' }, at(3))).rejects.toThrow(
      'unknown deploy D-MISSING',
    );
  });

  it('lists approvals by time, and approvals in the same millisecond in the order they were given', async () => {
    await deploys.insert(deploy('D-APP', 'app', { requiredRoles: ['team-lead', 'qa', 'sre'] }));
    expect(await deploys.approvals('D-APP')).toEqual([]);
    expect(await deploys.addApproval('D-APP', { userId: 'U0ZED', role: 'qa', at: at(1) })).toBe(true);
    expect(
      await deploys.addApproval('D-APP', { userId: 'U0AMY', role: 'sre', inPlaceOf: ['U0X'], at: at(1) }),
    ).toBe(true);
    expect(await deploys.addApproval('D-APP', { userId: 'U0MAX', role: 'team-lead', at: at(0) })).toBe(true);
    expect(await deploys.addApproval('D-APP', { userId: 'U0ZED', role: 'qa', at: at(2) })).toBe(false);
    expect(await deploys.approvals('D-APP')).toEqual([
      { userId: 'U0MAX', role: 'team-lead', at: at(0) },
      { userId: 'U0ZED', role: 'qa', at: at(1) },
      { userId: 'U0AMY', role: 'sre', inPlaceOf: ['U0X'], at: at(1) },
    ]);
  });

  it('counts 20 concurrent approvals by the same person once', async () => {
    await deploys.insert(deploy('D-RACE', 'race'));
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        deploys.addApproval('D-RACE', { userId: 'U0BOB', role: 'team-lead', at: at(1) }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await deploys.approvals('D-RACE')).toEqual([{ userId: 'U0BOB', role: 'team-lead', at: at(1) }]);
  });

  it('gives a lane to one deploy at a time, again to its holder, and frees it only for the holder', async () => {
    await deploys.insert(deploy('D-LANE1', 'lane'));
    await deploys.insert(deploy('D-LANE2', 'lane'));
    expect(await deploys.laneHolder('lane', 'production')).toBeUndefined();
    expect(await deploys.acquireLane('lane', 'production', 'D-LANE1', at(1))).toBe(true);
    expect(await deploys.acquireLane('lane', 'production', 'D-LANE1', at(2))).toBe(true);
    expect(await deploys.acquireLane('lane', 'production', 'D-LANE2', at(2))).toBe(false);
    expect(await deploys.acquireLane('lane', 'staging', 'D-LANE2', at(2))).toBe(true);
    expect(await deploys.laneHolder('lane', 'production')).toBe('D-LANE1');
    expect(await deploys.releaseLane('lane', 'production', 'D-LANE2')).toBe(false);
    expect(await deploys.releaseLane('lane', 'production', 'D-LANE1')).toBe(true);
    expect(await deploys.releaseLane('lane', 'production', 'D-LANE1')).toBe(false);
    expect(await deploys.laneHolder('lane', 'production')).toBeUndefined();
    expect(await deploys.acquireLane('lane', 'production', 'D-LANE2', at(3))).toBe(true);
  });

  it('gives a lane to exactly one of 20 deploys asking at once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `D-RACE-LANE-${i}`);
    for (const id of ids) await deploys.insert(deploy(id, 'race-lane'));
    const results = await Promise.all(
      ids.map((id) => deploys.acquireLane('race-lane', 'production', id, at(1))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await deploys.laneHolder('race-lane', 'production')).toBe(ids[results.indexOf(true)]);
  });

  it('lists queued deploys oldest first, by service and environment, and deploys in given states', async () => {
    await deploys.insert(deploy('Q-2', 'queue', { state: 'queued', createdAt: at(1) }));
    await deploys.insert(deploy('Q-1', 'queue', { state: 'queued', createdAt: at(1) }));
    await deploys.insert(deploy('Q-0', 'queue', { state: 'queued', createdAt: at(0), env: 'staging' }));
    await deploys.insert(deploy('Q-3', 'queue2', { state: 'queued', createdAt: at(2) }));
    await deploys.insert(deploy('Q-R', 'queue', { state: 'running', createdAt: at(0) }));
    const ids = (list: DeployRecord[]) => list.map((d) => d.id);
    expect(ids(await deploys.queued('queue', 'production'))).toEqual(['Q-1', 'Q-2']);
    expect(ids(await deploys.queued('queue'))).toEqual(['Q-0', 'Q-1', 'Q-2']);
    expect(ids((await deploys.queued(undefined, 'staging')).filter((d) => d.id.startsWith('Q-')))).toEqual([
      'Q-0',
    ]);
    expect(ids((await deploys.queued()).filter((d) => d.id.startsWith('Q-')))).toEqual([
      'Q-0',
      'Q-1',
      'Q-2',
      'Q-3',
    ]);
    const inStates = await deploys.inStates(['queued', 'running']);
    expect(ids(inStates.filter((d) => d.id.startsWith('Q-')))).toEqual(['Q-0', 'Q-R', 'Q-1', 'Q-2', 'Q-3']);
    expect(ids((await deploys.inStates(['running'])).filter((d) => d.id.startsWith('Q-')))).toEqual(['Q-R']);
    expect(await deploys.inStates([])).toEqual([]);
  });

  it('lists recent deploys newest first with a limit, and emergency deploys awaiting review', async () => {
    await deploys.insert(deploy('R-1', 'recent', { createdAt: at(100) }));
    await deploys.insert(deploy('R-3', 'recent', { createdAt: at(101), needsReview: true }));
    await deploys.insert(deploy('R-2', 'recent', { createdAt: at(101), needsReview: true }));
    await deploys.insert(deploy('R-9', 'recent-other', { createdAt: at(102) }));
    const ids = (list: DeployRecord[]) => list.map((d) => d.id);
    expect(ids(await deploys.recent(2, 'recent'))).toEqual(['R-3', 'R-2']);
    expect(ids(await deploys.recent(10, 'recent'))).toEqual(['R-3', 'R-2', 'R-1']);
    expect(ids(await deploys.recent(2))).toEqual(['R-9', 'R-3']);
    const review = ids(await deploys.needingReview());
    expect(review.filter((id) => id.startsWith('R-'))).toEqual(['R-3', 'R-2']);
    expect(review).toContain('D-FULL');
  });

  it('knows what runs now, from the last finished release, unfinished ones last', async () => {
    expect(await deploys.current('live', 'production')).toBeUndefined();
    await deploys.insert(
      deploy('L-1', 'live', { state: 'succeeded', finishedAt: at(1), targetColor: 'blue' }),
    );
    await deploys.insert(deploy('L-2', 'live', { state: 'watching', finishedAt: at(2), version: '1.1.0' }));
    await deploys.insert(deploy('L-3', 'live', { state: 'failed', finishedAt: at(3), version: '1.2.0' }));
    await deploys.insert(
      deploy('L-4', 'live', { state: 'watching', version: '1.3.0', targetColor: 'green' }),
    );
    expect(await deploys.current('live', 'production')).toEqual({ version: '1.1.0', color: 'blue' });
    await deploys.insert(
      deploy('L-5', 'live', {
        state: 'succeeded',
        finishedAt: at(2),
        version: '1.4.0',
        targetColor: 'green',
      }),
    );
    expect(await deploys.current('live', 'production')).toEqual({ version: '1.4.0', color: 'green' });
    await deploys.insert(deploy('N-1', 'nocolor', { state: 'succeeded', finishedAt: at(1) }));
    expect(await deploys.current('nocolor', 'production')).toEqual({ version: '1.0.0', color: undefined });
  });

  it('blocks a version once, keeping the first block, and unblocks it', async () => {
    const entry = {
      service: 'blocky',
      env: 'production',
      version: '2.0.0',
      blockedBy: 'U0BOB',
      reason: 'error rate',
      deployId: 'D-B1',
      at: at(1),
    };
    expect(await deploys.blocked('blocky', 'production', '2.0.0')).toBeUndefined();
    await deploys.block(entry);
    await deploys.block({ ...entry, blockedBy: 'U0EVE', reason: 'again', at: at(2) });
    expect(await deploys.blocked('blocky', 'production', '2.0.0')).toEqual(entry);
    expect(await deploys.blocked('blocky', 'staging', '2.0.0')).toBeUndefined();
    expect(await deploys.unblock('blocky', 'production', '2.0.0')).toBe(true);
    expect(await deploys.unblock('blocky', 'production', '2.0.0')).toBe(false);
    expect(await deploys.blocked('blocky', 'production', '2.0.0')).toBeUndefined();
  });

  it('finds the newest survived version other than the one named, and what ever ran', async () => {
    expect(await deploys.hasHistory('hist', 'production')).toBe(false);
    expect(await deploys.lastSurvived('hist', 'production', undefined)).toBeUndefined();
    await deploys.insert(deploy('H-1', 'hist', { state: 'succeeded', survived: true, finishedAt: at(1) }));
    await deploys.insert(
      deploy('H-2', 'hist', { state: 'succeeded', survived: true, finishedAt: at(2), version: '1.1.0' }),
    );
    await deploys.insert(
      deploy('H-3', 'hist', { state: 'rolled_back', finishedAt: at(3), version: '1.2.0' }),
    );
    await deploys.insert(deploy('H-4', 'hist', { state: 'queued', version: '1.3.0', env: 'staging' }));
    expect(await deploys.lastSurvived('hist', 'production', undefined)).toBe('1.1.0');
    expect(await deploys.lastSurvived('hist', 'production', '1.1.0')).toBe('1.0.0');
    expect(await deploys.lastSurvived('hist', 'staging', undefined)).toBeUndefined();
    expect(await deploys.hasHistory('hist', 'production')).toBe(true);
    expect(await deploys.hasHistory('hist', 'staging')).toBe(true);
    expect(await deploys.hasHistory('hist', 'qa')).toBe(false);
    expect(await deploys.everDeployed('hist', 'production', '1.2.0')).toBe(true);
    expect(await deploys.everDeployed('hist', 'production', '1.0.0')).toBe(true);
    expect(await deploys.everDeployed('hist', 'staging', '1.3.0')).toBe(false);
    expect(await deploys.everDeployed('hist', 'production', '9.9.9')).toBe(false);
  });

  it('ticks and unticks checklist items once each, oldest first, one millisecond in item order', async () => {
    expect(await deploys.checklistTicks('D-TICK')).toEqual([]);
    expect(await deploys.tickChecklist('D-TICK', { itemId: 'c', userId: 'U0A', at: at(1) })).toBe(true);
    expect(await deploys.tickChecklist('D-TICK', { itemId: 'b', userId: 'U0B', at: at(1) })).toBe(true);
    expect(await deploys.tickChecklist('D-TICK', { itemId: 'z', userId: 'U0C', at: at(0) })).toBe(true);
    expect(await deploys.tickChecklist('D-TICK', { itemId: 'c', userId: 'U0D', at: at(2) })).toBe(false);
    expect(await deploys.checklistTicks('D-TICK')).toEqual([
      { itemId: 'z', userId: 'U0C', at: at(0) },
      { itemId: 'b', userId: 'U0B', at: at(1) },
      { itemId: 'c', userId: 'U0A', at: at(1) },
    ]);
    expect(await deploys.untickChecklist('D-TICK', 'c')).toBe(true);
    expect(await deploys.untickChecklist('D-TICK', 'c')).toBe(false);
    expect((await deploys.checklistTicks('D-TICK')).map((t) => t.itemId)).toEqual(['z', 'b']);
  });

  it('rolls writes back with the transaction they were made in', async () => {
    await expect(
      store.runner.transaction(async () => {
        await deploys.insert(deploy('D-TX', 'tx'));
        await deploys.addApproval('D-TX', { userId: 'U0BOB', role: 'team-lead', at: at(1) });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await deploys.get('D-TX')).toBeUndefined();
    expect(await deploys.approvals('D-TX')).toEqual([]);
  });
});
