import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MustacheTemplates } from '../../../../src/adapters/templates/communication-templates.js';
import { INCIDENT_TEMPLATES } from '../../../../src/adapters/templates/incident-templates.js';
import { TEMPLATES_DIR } from '../../../../src/adapters/templates/templates-dir.js';
import { toPlainText } from '../../../../src/core/text/plain-text.js';
import { channelLink, instant, mention, rich } from '../../../../src/core/text/rich-text.js';
import { toMrkdwn } from '../../../../src/slack/render-mrkdwn.js';

const templates = new MustacheTemplates();

const alert = {
  severity: 'SEV-1',
  service: 'checkout',
  impact: 'Card payments fail for about 30% of orders',
  started_at: instant(new Date('2025-03-04T09:12:40Z')),
  investigating: rich`${mention('U0BOB')} (incident commander)`,
  next_update: instant(new Date('2025-03-04T09:42:00Z')),
  channel: channelLink('C0INC42'),
};

const notice = {
  service: 'Checkout',
  impact: 'Some card payments are declined',
  started_at: instant(new Date('2025-03-04T09:12:00Z')),
  next_update: instant(new Date('2025-03-04T09:42:00Z')),
  status_page: 'https://status.example.com/incidents/42',
};

const resolution = {
  service: 'Checkout',
  resolved_at: instant(new Date('2025-03-04T11:47:59Z')),
  duration: '2 hours 35 minutes',
  root_cause: 'A connection-pool limit was lowered in release 2.5.4.',
  prevention: 'Pool limits are now covered by the load test gate.',
};

describe('incident communication templates', () => {
  it("renders the internal alert with the chapter's fields in order, the commander as a mention and a channel link", () => {
    const text = templates.render(INCIDENT_TEMPLATES.internalAlert, alert);

    expect(toPlainText(text)).toBe(
      [
        'INCIDENT ALERT: SEV-1',
        '',
        'Service: checkout',
        'Impact: Card payments fail for about 30% of orders',
        'Started: 2025-03-04 09:12 UTC',
        'Investigating: @U0BOB (incident commander)',
        'Next Update: 2025-03-04 09:42 UTC',
        '',
        'Join incident channel: #C0INC42',
      ].join('\n'),
    );
    const slack = toMrkdwn(text);
    expect(slack).toContain('Investigating: <@U0BOB> (incident commander)');
    expect(slack).toContain('Started: <!date^1741079560^{date_short_pretty} {time}|2025-03-04 09:12 UTC>');
    expect(slack).toContain('Join incident channel: <#C0INC42>');
  });

  it("renders the customer notification with the chapter's fixed wording", () => {
    const text = toPlainText(templates.render(INCIDENT_TEMPLATES.customerNotification, notice));

    expect(text.startsWith('We are currently experiencing issues with Checkout.')).toBe(true);
    expect(text).toContain('Impact: Some card payments are declined');
    expect(text).toContain('Started: 2025-03-04 09:12 UTC');
    expect(text).toContain('Status: Investigating');
    expect(text).toContain('Next Update: 2025-03-04 09:42 UTC');
    expect(text).toContain(
      'We apologize for the inconvenience and are working to resolve this as quickly as possible.',
    );
    expect(text.endsWith('Status Page: https://status.example.com/incidents/42')).toBe(true);
  });

  it('renders the resolution notification', () => {
    const text = toPlainText(templates.render(INCIDENT_TEMPLATES.resolutionNotification, resolution));

    expect(text.startsWith('RESOLVED: Checkout')).toBe(true);
    expect(text).toContain('The issue has been resolved as of 2025-03-04 11:47 UTC.');
    expect(text).toContain('Duration: 2 hours 35 minutes');
    expect(text).toContain('Root Cause: A connection-pool limit was lowered in release 2.5.4.');
    expect(text).toContain('Prevention: Pool limits are now covered by the load test gate.');
    expect(text.endsWith('Thank you for your patience.')).toBe(true);
  });

  it('keeps what people wrote as text, so a description can neither ping nor disguise a link', () => {
    const text = templates.render(INCIDENT_TEMPLATES.internalAlert, {
      ...alert,
      impact: '<!channel> errors & timeouts > 5s, see <https://evil.example|bank>',
    });

    const slack = toMrkdwn(text);
    expect(slack).toContain(
      'Impact: &lt;!channel&gt; errors &amp; timeouts &gt; 5s, see &lt;https://evil.example|bank&gt;',
    );
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toContain('<https://evil');
  });

  it('leaves no template comment in the rendered text', () => {
    for (const [name, values] of [
      [INCIDENT_TEMPLATES.internalAlert, alert],
      [INCIDENT_TEMPLATES.customerNotification, notice],
      [INCIDENT_TEMPLATES.resolutionNotification, resolution],
    ] as const) {
      expect(toPlainText(templates.render(name, values))).not.toContain('Variables:');
    }
  });
});

describe('templates on disk', () => {
  let dir: string;
  let edited: MustacheTemplates;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipgate-templates-'));
    for (const name of Object.values(INCIDENT_TEMPLATES))
      copyFileSync(join(TEMPLATES_DIR, name), join(dir, name));
    edited = new MustacheTemplates(dir);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up an edited template on the next render, without a restart', () => {
    expect(toPlainText(edited.render(INCIDENT_TEMPLATES.internalAlert, alert))).toContain(
      'INCIDENT ALERT: SEV-1',
    );

    writeFileSync(
      join(dir, INCIDENT_TEMPLATES.internalAlert),
      'Heads up ({{severity}}): {{service}} is down',
    );

    expect(toPlainText(edited.render(INCIDENT_TEMPLATES.internalAlert, alert))).toBe(
      'Heads up (SEV-1): checkout is down',
    );
  });

  it('keeps user text escaped even when an edited template uses triple braces', () => {
    writeFileSync(join(dir, INCIDENT_TEMPLATES.internalAlert), 'Impact: {{{impact}}}');

    const text = edited.render(INCIDENT_TEMPLATES.internalAlert, { ...alert, impact: '<!here> down' });

    expect(toMrkdwn(text)).toBe('Impact: &lt;!here&gt; down');
  });

  it('renders a variable the view does not have as empty text instead of throwing (Mustache behaviour)', () => {
    writeFileSync(join(dir, INCIDENT_TEMPLATES.customerNotification), '[{{service}}][{{eta_minutes}}]');

    expect(toPlainText(edited.render(INCIDENT_TEMPLATES.customerNotification, notice))).toBe('[Checkout][]');
  });

  it('fails loudly when a template file is missing', () => {
    rmSync(join(dir, INCIDENT_TEMPLATES.resolutionNotification));

    expect(() => edited.render(INCIDENT_TEMPLATES.resolutionNotification, resolution)).toThrow(/ENOENT/);
  });
});
