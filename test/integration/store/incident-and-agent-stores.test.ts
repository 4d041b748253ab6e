import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentPatch } from '../../../src/core/incidents/incident-record.js';
import { SecretValues } from '../../../src/core/text/secret-values.js';
import { AgentTokenRepository } from '../../../src/store/agent-token-repository.js';
import { IncidentRepository } from '../../../src/store/incident-repository.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';
import { INCIDENT_DECLARED_AT, incidentRecord } from '../../support/incident-record.js';

const SECRET = 'pd-routing-key-0123456789';
const secrets = SecretValues.of([SECRET]);

const stores = dialectStores('incident_agent_stores', { secrets });

const at = INCIDENT_DECLARED_AT;
const later = (ms: number) => new Date(at.getTime() + ms);

const incident = incidentRecord;

/** Every field set, optional ones too, so a round trip shows each column's type. */
const full = incident('INC-2026-0001', {
  title: 'Payments failing',
  severity: 'SEV-2',
  status: 'acknowledged',
  private: true,
  security: true,
  service: 'payments',
  declaredBy: 'U0BOB',
  declaredIn: 'C0OPS',
  commander: 'U0CAROL',
  roles: { scribe: 'U0DAVE', comms: 'U0ERIN' },
  channelId: 'C0INC1',
  channelName: 'inc-2026-0001-payments',
  pagerduty: { state: 'triggered' },
  resolution: 'rolled back',
  acknowledgedAt: later(1000),
  resolvedAt: later(2000),
  reviewedAt: later(3000),
  lastUpdateAt: later(4000),
  customerNotice: 'We are looking into it',
  customerNoticeState: 'none',
  updatedAt: later(5000),
});

/** One change per patchable field (and a clearing of each optional one), with the record that results. */
const patches: [string, IncidentPatch][] = [
  ['title', { title: 'Payments partly failing' }],
  ['severity', { severity: 'SEV-3' }],
  ['status', { status: 'resolved' }],
  ['private', { private: false }],
  ['security', { security: false }],
  ['service', { service: 'billing' }],
  ['service cleared', { service: undefined }],
  ['declaredBy', { declaredBy: 'U0FRANK' }],
  ['declaredIn', { declaredIn: 'C0OTHER' }],
  ['commander', { commander: 'U0GRACE' }],
  ['roles', { roles: { scribe: 'U0HEIDI' } }],
  ['channelId', { channelId: 'C0INC9' }],
  ['channelId cleared', { channelId: undefined }],
  ['channelName', { channelName: 'inc-renamed' }],
  ['channelName cleared', { channelName: undefined }],
  ['pagerduty', { pagerduty: { state: 'resolved' } }],
  ['resolution', { resolution: 'fixed forward' }],
  ['resolution cleared', { resolution: undefined }],
  ['declaredAt', { declaredAt: later(-60_000) }],
  ['acknowledgedAt', { acknowledgedAt: later(10_000) }],
  ['acknowledgedAt cleared', { acknowledgedAt: undefined }],
  ['resolvedAt', { resolvedAt: later(11_000) }],
  ['resolvedAt cleared', { resolvedAt: undefined }],
  ['reviewedAt', { reviewedAt: later(12_000) }],
  ['reviewedAt cleared', { reviewedAt: undefined }],
  ['lastUpdateAt', { lastUpdateAt: later(13_000) }],
  ['lastUpdateAt cleared', { lastUpdateAt: undefined }],
  ['customerNotice', { customerNotice: 'Resolved, sorry' }],
  ['customerNotice cleared', { customerNotice: undefined }],
  ['customerNoticeState', { customerNoticeState: 'posted' }],
];

const token = (name: string, over: Partial<{ tokenHash: string; createdAt: Date }> = {}) => ({
  name,
  tokenHash: over.tokenHash ?? `hash-of-${name}`,
  scopes: ['incidents:read', 'deploys:read'],
  channels: ['C0PRIVATE'],
  createdAt: over.createdAt ?? at,
  createdBy: 'cli:alice',
});

describe.each(stores)('incidents and agent tokens on %s', (_name, open) => {
  let store: DialectStore;
  let incidents: IncidentRepository;
  let agents: AgentTokenRepository;
  beforeEach(async () => {
    store = await open();
    incidents = new IncidentRepository(store.runner);
    agents = new AgentTokenRepository(store.runner);
  });
  afterEach(async () => {
    await store.close();
  });

  describe('incidents', () => {
    it('numbers incidents per year, and 20 concurrent callers get 20 distinct, gapless ids', async () => {
      expect([
        await incidents.nextId(2026),
        await incidents.nextId(2026),
        await incidents.nextId(2027),
      ]).toEqual(['INC-2026-0001', 'INC-2026-0002', 'INC-2027-0001']);
      const racing = await Promise.all(Array.from({ length: 20 }, () => incidents.nextId(2028)));
      expect(new Set(racing).size).toBe(20);
      expect([...racing].sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `INC-2028-${String(i + 1).padStart(4, '0')}`),
      );
    });

    it('stores every field and reads it back by id and by channel; unknown ones are undefined', async () => {
      await incidents.insert(full);
      expect(await incidents.get(full.id)).toEqual(full);
      expect(await incidents.byChannel('C0INC1')).toEqual(full);
      const bare = incident('INC-2026-0002');
      await incidents.insert(bare);
      expect(await incidents.get(bare.id)).toEqual(bare);
      expect(await incidents.get('INC-2026-9999')).toBeUndefined();
      expect(await incidents.byChannel('C0NONE')).toBeUndefined();
    });

    it('stores free text and JSON with the secret values redacted', async () => {
      await incidents.insert(
        incident('INC-2026-0001', {
          title: `key ${SECRET} leaked`,
          resolution: `rotated ${SECRET}`,
          customerNotice: `not ${SECRET}`,
          roles: { scribe: SECRET },
          pagerduty: { state: 'failed', detail: `bad key ${SECRET}` },
        }),
      );
      const stored = await incidents.get('INC-2026-0001');
      expect(JSON.stringify(stored)).not.toContain(SECRET);
      expect(stored).toMatchObject({
        title: 'key [redacted] leaked',
        resolution: 'rotated [redacted]',
        customerNotice: 'not [redacted]',
        roles: { scribe: '[redacted]' },
        pagerduty: { detail: 'bad key [redacted]' },
      });
      await incidents.update('INC-2026-0001', { title: `again ${SECRET}` }, later(1));
      expect((await incidents.get('INC-2026-0001'))?.title).toBe('again [redacted]');
    });

    it.each(patches)('updates %s alone and bumps updated_at', async (_field, patch) => {
      await incidents.insert(full);
      const expected = { ...full, ...patch, updatedAt: later(60_000) };
      expect(await incidents.update(full.id, patch, later(60_000))).toEqual(expected);
      expect(await incidents.get(full.id)).toEqual(expected);
    });

    it('keeps both of two concurrent patches of different fields, and refuses an unknown incident', async () => {
      await incidents.insert(full);
      await Promise.all([
        incidents.update(full.id, { severity: 'SEV-1' }, later(1)),
        incidents.update(full.id, { commander: 'U0IVAN' }, later(2)),
      ]);
      expect(await incidents.get(full.id)).toMatchObject({ severity: 'SEV-1', commander: 'U0IVAN' });
      await expect(incidents.update('INC-2026-9999', { severity: 'SEV-1' }, at)).rejects.toThrow(
        'unknown incident INC-2026-9999',
      );
    });

    it('lists open incidents newest first (numbering order within one instant), and every one with all', async () => {
      await incidents.insert(incident('INC-2026-0001'));
      await incidents.insert(incident('INC-2026-0002', { declaredAt: later(1000), status: 'resolved' }));
      await incidents.insert(incident('INC-2026-0003', { declaredAt: later(2000), status: 'acknowledged' }));
      await incidents.insert(incident('INC-2026-0004', { declaredAt: later(2000) }));
      await incidents.insert(incident('INC-2026-0005', { declaredAt: later(3000), status: 'reviewed' }));
      expect((await incidents.list()).map((i) => i.id)).toEqual([
        'INC-2026-0003',
        'INC-2026-0004',
        'INC-2026-0001',
      ]);
      expect((await incidents.list(true)).map((i) => i.id)).toEqual([
        'INC-2026-0005',
        'INC-2026-0003',
        'INC-2026-0004',
        'INC-2026-0002',
        'INC-2026-0001',
      ]);
    });

    it('refuses two incidents in one channel', async () => {
      await incidents.insert(incident('INC-2026-0001', { channelId: 'C0INC1' }));
      await expect(incidents.insert(incident('INC-2026-0002', { channelId: 'C0INC1' }))).rejects.toThrow();
      expect(await incidents.get('INC-2026-0002')).toBeUndefined();
    });
  });

  describe('agent tokens', () => {
    it('adds tokens and finds them by name, by hash and in the list, oldest first then by name', async () => {
      expect(await agents.add(token('zed', { createdAt: at }))).toBe(true);
      expect(await agents.add(token('bob', { createdAt: later(1) }))).toBe(true);
      expect(await agents.add(token('amy', { createdAt: at }))).toBe(true);
      const zed = {
        ...token('zed'),
        revokedAt: null,
        lastUsedAt: null,
      };
      expect(await agents.byName('zed')).toEqual(zed);
      expect(await agents.byTokenHash('hash-of-zed')).toEqual(zed);
      expect(await agents.byName('nobody')).toBeUndefined();
      expect(await agents.byTokenHash('hash-of-nobody')).toBeUndefined();
      expect((await agents.list()).map((t) => t.name)).toEqual(['amy', 'zed', 'bob']);
    });

    it('refuses a taken name, also a revoked one, and a taken hash; of 10 concurrent adds exactly one wins', async () => {
      expect(await agents.add(token('ci'))).toBe(true);
      expect(await agents.add(token('ci', { tokenHash: 'another' }))).toBe(false);
      expect(await agents.revoke('ci', later(1))).toBe(true);
      expect(await agents.add(token('ci', { tokenHash: 'yet-another' }))).toBe(false);
      expect(await agents.add(token('other', { tokenHash: 'hash-of-ci' }))).toBe(false);
      const racing = await Promise.all(
        Array.from({ length: 10 }, (_, i) => agents.add(token('racer', { tokenHash: `racer-${i}` }))),
      );
      expect(racing.filter(Boolean)).toHaveLength(1);
      const won = racing.indexOf(true);
      expect((await agents.byName('racer'))?.tokenHash).toBe(`racer-${won}`);
      expect((await agents.list()).map((t) => t.name)).toEqual(['ci', 'racer']);
    });

    it('revokes a token once; an unknown one is not revoked', async () => {
      await agents.add(token('ci'));
      expect(await agents.revoke('ci', later(1))).toBe(true);
      expect(await agents.revoke('ci', later(2))).toBe(false);
      expect(await agents.revoke('nobody', later(2))).toBe(false);
      expect((await agents.byName('ci'))?.revokedAt).toEqual(later(1));
    });

    it('records when a token was last used', async () => {
      await agents.add(token('ci'));
      await agents.touch('ci', later(5));
      expect((await agents.byName('ci'))?.lastUsedAt).toEqual(later(5));
      await agents.touch('ci', later(9));
      expect((await agents.byTokenHash('hash-of-ci'))?.lastUsedAt).toEqual(later(9));
      await agents.touch('nobody', later(9));
      expect(await agents.byName('nobody')).toBeUndefined();
    });

    it('suspends and resumes every token, remembering who switched it last and why', async () => {
      expect(await agents.suspension()).toEqual({ suspended: false, by: null, at: null, reason: null });
      await agents.suspend('U0BOB', later(1), 'runaway agent');
      expect(await agents.suspension()).toEqual({
        suspended: true,
        by: 'U0BOB',
        at: later(1),
        reason: 'runaway agent',
      });
      await agents.resume('U0ALICE', later(2));
      expect(await agents.suspension()).toEqual({
        suspended: false,
        by: 'U0ALICE',
        at: later(2),
        reason: null,
      });
    });
  });
});
