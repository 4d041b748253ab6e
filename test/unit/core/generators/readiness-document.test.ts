import { describe, expect, it } from 'vitest';
import { GeneratorTemplates } from '../../../../src/adapters/templates/generator-templates.js';
import { loadConfig } from '../../../../src/config/load-config.js';
import type { ReadinessChecklist } from '../../../../src/core/config/readiness-checklist-schema.js';
import { readinessDocument } from '../../../../src/core/generators/readiness-document.js';
import { expectTemplateSections } from '../../../support/template-headings.js';

const example = loadConfig('config/shipgate.example.yml');
const checklist = example.readiness?.checklist as ReadinessChecklist;
const NOW = new Date('2026-11-24T10:00:00Z');
const DAY = 86_400_000;

function document(extra: Partial<Parameters<typeof readinessDocument>[0]> = {}) {
  return readinessDocument({
    service: 'checkout',
    env: 'production',
    version: undefined,
    checklist,
    minimum: undefined,
    attestations: [],
    validForMs: 30 * DAY,
    now: NOW,
    ...extra,
  });
}

function item(doc: ReturnType<typeof document>, id: string) {
  return doc.sections.flatMap((s) => s.items).find((i) => i.id === id);
}

describe('readinessDocument', () => {
  it('lists every checklist item in its section, open, with how Shipgate checks it', () => {
    const doc = document();
    expect(doc.sections.map((s) => s.name)).toEqual(checklist.sections.map((s) => s.name));
    expect(doc.sections.flatMap((s) => s.items).every((i) => !i.checked)).toBe(true);
    expect(doc.criticalCount).toBe(5);
    expect(item(doc, 'tests_pass')).toMatchObject({ critical: true, weight: 3, status: 'not checked yet' });
    expect(item(doc, 'rollback_tested')?.how).toContain('runbooks/rollback-production.md');
    expect(item(doc, 'security_scan')?.how).toBe(
      'Shipgate runs `node adapters/demo-target.mjs validate {service} {version} security_scan {env}` (exit 0 passes, timeout 2m)',
    );
    expect(item(doc, 'code_review')).toMatchObject({
      how: 'a member of team-lead ticks it on the /readiness message',
      status: 'not attested yet (needs team-lead)',
    });
    expect(doc.assessCommand).toBe('npx shipgate readiness checkout <version> --env production');
  });

  it('ticks attest items while a stored tick is valid, and says when one expired', () => {
    const tick = (itemId: string, ageDays: number) => ({
      service: 'checkout',
      itemId,
      userId: 'U0BOB',
      role: 'team-lead',
      version: '2.5.3',
      at: new Date(NOW.getTime() - ageDays * DAY),
    });
    const doc = document({ attestations: [tick('code_review', 2), tick('feature_flags', 31)] });
    expect(item(doc, 'code_review')).toMatchObject({
      checked: true,
      status: 'attested by team-lead (U0BOB, 2026-11-22T10:00:00.000Z)',
    });
    expect(item(doc, 'feature_flags')).toMatchObject({
      checked: false,
      status: expect.stringContaining('attestation expired'),
    });
  });

  it("takes every box and the score from a deploy's stored assessment of the version", () => {
    const doc = document({
      version: '2.5.4',
      minimum: 90,
      stored: {
        deployId: 'DEP-2026-0007',
        summary: {
          score: 87,
          band: 'minor_improvements',
          ready: false,
          minimum: 90,
          gaps: [
            {
              id: 'code_review',
              text: 'Code review',
              critical: false,
              reason: 'not attested yet (needs team-lead)',
            },
          ],
          at: '2026-11-24T09:00:00.000Z',
        },
      },
    });
    expect(doc.assessed).toEqual({
      score: 87,
      band: 'Ready with minor improvements',
      ready: false,
      at: '2026-11-24T09:00:00.000Z',
      deployId: 'DEP-2026-0007',
    });
    expect(item(doc, 'code_review')).toMatchObject({
      checked: false,
      status: 'failed: not attested yet (needs team-lead)',
    });
    expect(item(doc, 'tests_pass')).toMatchObject({
      checked: true,
      status: 'passed (DEP-2026-0007, 2026-11-24T09:00:00.000Z)',
    });
  });

  it('renders one box per item under the sections of the checklist', () => {
    const markdown = new GeneratorTemplates().readinessDocument(document());
    expectTemplateSections(markdown, 'readiness.mustache');
    const sections = markdown
      .split('\n')
      .filter((l) => l.startsWith('### '))
      .map((l) => l.slice(4));
    expect(sections).toEqual(checklist.sections.map((s) => s.name));
    const boxes = markdown.split('\n').filter((l) => l.startsWith('- [ ] ') && !l.includes('Date:'));
    expect(boxes).toHaveLength(checklist.sections.flatMap((s) => s.items).length);
    expect(markdown).toContain('- [ ] All tests pass (unit, integration, e2e) **(critical)** (weight 3)');
    expect(markdown).toContain('### Code & Configuration');
  });
});
