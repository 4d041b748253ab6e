import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEvent, GENESIS_HASH } from '../../../src/core/audit/canonical-event.js';
import { eventHash } from '../../../src/store/event-hash.js';

const FIELDS = {
  id: 1,
  at: '2026-11-24T10:00:00.000Z',
  actor: 'U0BOB',
  actorKind: 'human',
  subject: 'DEP-2026-0001',
  type: 'deploy.approve',
  payload: '{"role":"team-lead"}',
  prevHash: GENESIS_HASH,
};

describe('the canonical event serialisation', () => {
  it('is a JSON array of the format tag and the fields in a fixed order, the payload as stored text', () => {
    expect(canonicalEvent(FIELDS)).toBe(
      `["shipgate.event.v1",1,"2026-11-24T10:00:00.000Z","U0BOB","human","DEP-2026-0001","deploy.approve","{\\"role\\":\\"team-lead\\"}","${'0'.repeat(64)}"]`,
    );
  });

  it('keeps fields apart whatever they contain, so moving text from one field to the next changes it', () => {
    const a = canonicalEvent({ ...FIELDS, actor: 'U0BOB","human', actorKind: '' });
    const b = canonicalEvent({ ...FIELDS, actor: 'U0BOB', actorKind: '","human' });
    expect(a).not.toBe(b);
    expect(JSON.parse(a)).toHaveLength(9);
  });

  it('writes a missing prev_hash as null, never as the text "null"', () => {
    expect(canonicalEvent({ ...FIELDS, prevHash: null })).not.toBe(
      canonicalEvent({ ...FIELDS, prevHash: 'null' }),
    );
    expect(canonicalEvent({ ...FIELDS, prevHash: null }).endsWith(',null]')).toBe(true);
  });
});

describe('eventHash', () => {
  it('is SHA-256 hex of the canonical text, pinned so a change to the format cannot slip by', () => {
    expect(eventHash(FIELDS)).toBe('faa995b37be572fd5861fc40489fb50071806752c81fa3b7042b5b6bb10f24d2');
    expect(eventHash(FIELDS)).toBe(createHash('sha256').update(canonicalEvent(FIELDS)).digest('hex'));
  });

  it('changes with every field, the id and the previous hash included', () => {
    const variants = [
      { id: 2 },
      { at: '2026-11-24T10:00:00.001Z' },
      { actor: 'U0ALICE' },
      { actorKind: 'bot' },
      { subject: 'DEP-2026-0002' },
      { type: 'deploy.reject' },
      { payload: '{"role":"team-lead" }' },
      { prevHash: 'f'.repeat(64) },
    ];
    const hashes = new Set([eventHash(FIELDS), ...variants.map((v) => eventHash({ ...FIELDS, ...v }))]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('hashes non-ASCII text as UTF-8', () => {
    const fields = { ...FIELDS, payload: '{"note":"déploiement ✓ 🚀"}' };
    expect(eventHash(fields)).toBe(
      createHash('sha256')
        .update(Buffer.from(canonicalEvent(fields), 'utf8'))
        .digest('hex'),
    );
  });
});
