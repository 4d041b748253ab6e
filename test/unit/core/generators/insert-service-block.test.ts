import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { insertServiceBlock } from '../../../../src/core/generators/insert-service-block.js';

const BLOCK = ['billing:', '  channel: "#billing"', '  environments: [qa]'];

function inserted(text: string, replace = false): string {
  const result = insertServiceBlock(text, 'billing', BLOCK, { replace });
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

describe('insertServiceBlock', () => {
  it('puts the block after the last service, before the comments of the next top-level key', () => {
    const text = [
      'roles: {}',
      'services:',
      '  checkout:',
      '    channel: "#deploys" # where it posts',
      '',
      '# Incident response',
      'incidents: {}',
      '',
    ].join('\n');
    expect(inserted(text)).toBe(
      [
        'roles: {}',
        'services:',
        '  checkout:',
        '    channel: "#deploys" # where it posts',
        '  billing:',
        '    channel: "#billing"',
        '    environments: [qa]',
        '',
        '# Incident response',
        'incidents: {}',
        '',
      ].join('\n'),
    );
  });

  it('indents like the entries already there, and at the end of a file', () => {
    const text = 'services:\n    checkout:\n        channel: "#deploys"\n';
    expect(inserted(text)).toBe(
      'services:\n    checkout:\n        channel: "#deploys"\n    billing:\n      channel: "#billing"\n      environments: [qa]\n',
    );
    expect(inserted('services:\nroles: {}\n')).toBe(
      'services:\n  billing:\n    channel: "#billing"\n    environments: [qa]\nroles: {}\n',
    );
  });

  it('refuses a service that is there, and replaces only its entry when asked', () => {
    const text = [
      'services:',
      '  billing:',
      '    channel: "#old"',
      '',
      '    environments: [production]',
      '  # payments comes last',
      '  payments:',
      '    channel: "#deploys"',
      'incidents: {}',
    ].join('\n');
    expect(insertServiceBlock(text, 'billing', BLOCK, { replace: false })).toEqual({
      ok: false,
      exists: true,
      error: 'services.billing is already in the main file',
    });
    expect(inserted(text, true)).toBe(
      [
        'services:',
        '  billing:',
        '    channel: "#billing"',
        '    environments: [qa]',
        '  # payments comes last',
        '  payments:',
        '    channel: "#deploys"',
        'incidents: {}',
      ].join('\n'),
    );
  });

  it('refuses a services mapping written inline or missing', () => {
    expect(insertServiceBlock('services: {}\n', 'billing', BLOCK, { replace: false })).toMatchObject({
      ok: false,
      error: expect.stringContaining('inline'),
    });
    expect(insertServiceBlock('roles: {}\n', 'billing', BLOCK, { replace: false })).toMatchObject({
      ok: false,
      error: expect.stringContaining('no services: mapping'),
    });
  });

  it('changes nothing else in the example config: every comment and alias stays', () => {
    const text = readFileSync('config/shipgate.example.yml', 'utf8');
    const next = inserted(text);
    expect(next.split('\n').filter((line) => !BLOCK.some((b) => line === `  ${b}`))).toEqual(
      text.split('\n'),
    );
    const before = parse(text) as { services: Record<string, unknown> };
    const after = parse(next) as { services: Record<string, unknown> };
    expect(after.services).toEqual({
      ...before.services,
      billing: { channel: '#billing', environments: ['qa'] },
    });
  });
});
