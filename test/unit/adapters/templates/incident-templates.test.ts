import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CustomerNotificationView,
  INCIDENT_TEMPLATES,
  type InternalAlertView,
  type ResolutionNotificationView,
  renderCustomerNotification,
  renderInternalAlert,
  renderResolutionNotification,
} from '../../../../src/adapters/templates/incident-templates.js';
import { TEMPLATES_DIR } from '../../../../src/adapters/templates/template-renderer.js';

const alert: InternalAlertView = {
  severity: 'SEV-1',
  service: 'checkout',
  impact: 'Card payments fail for about 30% of orders',
  startedAt: new Date('2025-03-04T09:12:40Z'),
  investigating: 'payments-team',
  nextUpdateAt: new Date('2025-03-04T09:42:00Z'),
  channel: '#inc-2025-0042-checkout',
};

const notice: CustomerNotificationView = {
  service: 'Checkout',
  impact: 'Some card payments are declined',
  startedAt: new Date('2025-03-04T09:12:00Z'),
  nextUpdateAt: new Date('2025-03-04T09:42:00Z'),
  statusPage: 'https://status.example.com/incidents/42',
};

const resolution: ResolutionNotificationView = {
  service: 'Checkout',
  startedAt: new Date('2025-03-04T09:12:00Z'),
  resolvedAt: new Date('2025-03-04T11:47:59Z'),
  rootCause: 'A connection-pool limit was lowered in release 2.5.4.',
  prevention: 'Pool limits are now covered by the load test gate.',
};

describe('incident communication templates', () => {
  it("renders the internal alert with the chapter's fields in order and the channel to join", () => {
    expect(renderInternalAlert(alert)).toBe(
      [
        'INCIDENT ALERT: SEV-1',
        '',
        'Service: checkout',
        'Impact: Card payments fail for about 30% of orders',
        'Started: 2025-03-04 09:12 UTC',
        'Investigating: payments-team',
        'Next Update: 2025-03-04 09:42 UTC',
        '',
        'Join incident channel: #inc-2025-0042-checkout',
      ].join('\n'),
    );
  });

  it("renders the customer notification with the chapter's fixed wording", () => {
    const text = renderCustomerNotification(notice);

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

  it('renders the resolution notification with the duration in hours and minutes', () => {
    const text = renderResolutionNotification(resolution);

    expect(text.startsWith('RESOLVED: Checkout')).toBe(true);
    expect(text).toContain('The issue has been resolved as of 2025-03-04 11:47 UTC.');
    expect(text).toContain('Duration: 2 hours 35 minutes');
    expect(text).toContain('Root Cause: A connection-pool limit was lowered in release 2.5.4.');
    expect(text).toContain('Prevention: Pool limits are now covered by the load test gate.');
    expect(text.endsWith('Thank you for your patience.')).toBe(true);
  });

  it('escapes Slack control characters in values so a description cannot ping or link', () => {
    const text = renderInternalAlert({ ...alert, impact: '<!channel> errors & timeouts > 5s' });

    expect(text).toContain('Impact: &lt;!channel&gt; errors &amp; timeouts &gt; 5s');
    expect(text).not.toContain('<!channel>');
  });

  it('leaves no template comment in the rendered text', () => {
    for (const text of [
      renderInternalAlert(alert),
      renderCustomerNotification(notice),
      renderResolutionNotification(resolution),
    ]) {
      expect(text).not.toContain('Variables:');
    }
  });
});

describe('templates on disk', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipgate-templates-'));
    for (const name of Object.values(INCIDENT_TEMPLATES))
      copyFileSync(join(TEMPLATES_DIR, name), join(dir, name));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up an edited template on the next render, without a restart', () => {
    expect(renderInternalAlert(alert, { dir })).toContain('INCIDENT ALERT: SEV-1');

    writeFileSync(
      join(dir, INCIDENT_TEMPLATES.internalAlert),
      'Heads up ({{severity}}): {{service}} is down',
    );

    expect(renderInternalAlert(alert, { dir })).toBe('Heads up (SEV-1): checkout is down');
  });

  it('renders a variable the view does not have as empty text instead of throwing (Mustache behaviour)', () => {
    writeFileSync(join(dir, INCIDENT_TEMPLATES.customerNotification), '[{{service}}][{{eta_minutes}}]');

    expect(renderCustomerNotification(notice, { dir })).toBe('[Checkout][]');
  });

  it('fails loudly when a template file is missing', () => {
    rmSync(join(dir, INCIDENT_TEMPLATES.resolutionNotification));

    expect(() => renderResolutionNotification(resolution, { dir })).toThrow(/ENOENT/);
  });
});
