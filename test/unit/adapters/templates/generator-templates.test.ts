import { describe, expect, it } from 'vitest';
import { GeneratorTemplates } from '../../../../src/adapters/templates/generator-templates.js';
import { markdownCode, markdownProse } from '../../../../src/adapters/templates/markdown-text.js';
import { CHANGE_SECTIONS } from '../../../../src/core/releases/change-sections.js';
import { expectTemplateSections } from '../../../support/template-headings.js';

describe('GeneratorTemplates', () => {
  it('writes the incident report template with the chapter placeholders in every section', () => {
    const markdown = new GeneratorTemplates().blankIncidentReport();
    expectTemplateSections(markdown, 'incident-report.mustache');
    expect(markdown.startsWith('# Incident Report: INC-YYYY-NNNN\n')).toBe(true);
    expect(markdown).toContain('## Root Cause:\n[Detailed description of what caused the incident]');
    expect(markdown).toContain('- [ ] Incident Commander: ________________ Date: ________');
    expect(markdown).not.toContain('## Analysis');
  });

  it('writes the 4.4 release notes with every change section empty and the reason as the note', () => {
    const markdown = new GeneratorTemplates().blankReleaseNotes(
      '2.6.0',
      new Date('2026-11-24T15:00:00Z'),
      'no repository is configured for payments',
    );
    expectTemplateSections(markdown, 'changelog.mustache');
    expect(markdown.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '## [2.6.0] - 2026-11-24',
      ...CHANGE_SECTIONS.map((s) => `### ${s}`),
      '### Deployment Notes',
      '### Approvals',
    ]);
    expect(markdown).toContain('_no repository is configured for payments_');
    expect(markdown).toContain('- Database migration required: YES / NO');
    expect(markdown).toContain('- None recorded yet');
  });
});

describe('markdownCode and markdownProse', () => {
  it('fences code with more backticks than it holds, on one line', () => {
    expect(markdownCode('./deploy.sh {service}')).toBe('`./deploy.sh {service}`');
    expect(markdownCode('echo `date`')).toBe('`` echo `date` ``');
    expect(markdownCode('a\nb')).toBe('`a b`');
  });

  it('keeps a lone & but no markup, links or entities', () => {
    expect(markdownProse('Code & Configuration')).toBe('Code & Configuration');
    expect(markdownProse('<b>[x](y) &amp;')).toBe('&lt;b&gt;&#91;x&#93;(y) &amp;amp;');
  });
});
