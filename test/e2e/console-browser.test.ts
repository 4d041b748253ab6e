import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { runtimeEnvSchema } from '../../src/runtime-env.js';
import { type Sandbox, startSandbox } from '../../src/start-sandbox.js';
import { launchChromium, missingChromium } from '../support/browser.js';
import { compareWithCommitted } from '../support/screenshot-compare.js';

/** Tuesday 24 November 2026, 11:00 in Berlin: inside the example production policy's change window. */
const START = '2026-11-24T10:00:00Z';
/** Where every stage's screenshot goes (kept out of git). */
const OUTPUT = join('test-output', 'console');
/** The README's pictures. */
const COMMITTED = join('docs', 'console');
/** A README screenshot may differ from the committed one in at most this share of its pixels. */
const LOOSE = 0.08;

/**
 * The sandbox's whole story in a real browser: `npm start`'s sandbox (its Slack stand-in, demo service, scripts and
 * console) on a fake clock, driven through Debian's Chromium by playwright-core exactly as a newcomer would — type
 * `/deploy`, approve as the team lead and the on-call engineer through the confirm dialog, break the new colour,
 * watch the automatic rollback open an incident, resolve it, read the report — and a Reject through its modal.
 */
describe.skipIf(missingChromium())('the sandbox console in Chromium', { timeout: 60_000 }, () => {
  const clock = new FakeClock(START);
  let sandbox: Sandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const readme: { name: string; differing: number; size: string }[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-console-e2e-'));
    process.env.DEMO_TARGET_STATE_DIR = join(dir, 'demo-target');
    sandbox = await startSandbox(
      runtimeEnvSchema.parse({ PORT: '0', SHIPGATE_SANDBOX_PORT: '0', SHIPGATE_CONSOLE_PORT: '0' }),
      loadConfig('config/shipgate.example.yml'),
      createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      {
        clock,
        startScheduler: false,
        httpJsonOnly: true,
        filesEnv: { SHIPGATE_SANDBOX_DB: join(dir, 'sandbox.db') },
        print: () => undefined,
      },
    );
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: 'Europe/Berlin',
      colorScheme: 'light',
    });
    page = await context.newPage();
    await page.clock.setFixedTime(clock.now());
    // Thirty seconds of the demo's traffic before anything happens: the watch's baseline.
    clock.advance(30_000);
    await page.clock.setFixedTime(clock.now());
    await page.goto(sandbox.consoleUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    delete process.env.DEMO_TARGET_STATE_DIR;
  });

  /** Lets Shipgate finish what the browser started: background work and the timers due now. */
  async function settle(): Promise<void> {
    const { work, timers } = sandbox.shipgate;
    for (let round = 0; round < 50; round++) {
      await work.idle();
      if ((await timers.tick()) === 0) {
        await work.idle();
        if ((await timers.tick()) === 0) return;
      }
    }
    throw new Error('the sandbox did not settle');
  }

  /** Waits (settling Shipgate meanwhile) until the browser shows `locator`. */
  async function shows(locator: Locator, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await settle();
      if (await locator.first().isVisible()) return;
      if (Date.now() > until) {
        await page.screenshot({ path: join(OUTPUT, `failed-${Date.now()}.png`) });
        throw new Error(`the console never showed ${locator.toString()} (screenshot in ${OUTPUT})`);
      }
      await sleep(100);
    }
  }

  /** Moves Shipgate's clock (and the page's) on by one watch interval and lets what falls due happen. */
  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await page.clock.setFixedTime(clock.now());
    await settle();
  }

  async function actAs(user: string): Promise<void> {
    await page.getByTestId('user-switcher').selectOption(user);
    await expect.poll(() => page.getByTestId('user-switcher').inputValue()).toBe(user);
  }

  async function type(command: string): Promise<void> {
    const input = page.getByTestId('composer-input');
    await input.fill(command);
    await input.press('Enter');
  }

  /** Saves a stage's screenshot; the README's ones are compared with their committed copies. */
  async function stage(name: string, inReadme = false): Promise<void> {
    await page.mouse.move(0, 0);
    const shot = await page.screenshot();
    writeFileSync(join(OUTPUT, `${name}.png`), shot);
    if (!inReadme) return;
    const compared = compareWithCommitted(shot, join(COMMITTED, `${name}.png`));
    readme.push({
      name,
      differing: compared.differing,
      size: `${compared.width}×${compared.height} (committed ${compared.committedWidth}×${compared.committedHeight})`,
    });
    expect(compared.width, `${name} width`).toBe(compared.committedWidth);
    expect(compared.height, `${name} height`).toBe(compared.committedHeight);
    expect(compared.differing, `${name}: share of pixels unlike docs/console/${name}.png`).toBeLessThan(
      LOOSE,
    );
  }

  const deployMessage = () =>
    page.getByTestId('message').filter({ has: page.getByTestId('action-deploy.approve') });

  it('opens on the guided start: three one-click commands', async () => {
    await shows(page.getByTestId('empty-state'));
    await expect
      .poll(() =>
        page.getByTestId('try-command').evaluateAll((b) => b.map((e) => e.getAttribute('data-command'))),
      )
      .toEqual([
        '/deploy checkout 2.5.4',
        '/incident declare SEV-2 "Checkout is slow"',
        '/readiness checkout 2.5.4',
      ]);
    await expect.poll(() => page.getByTestId('demo-checkout-blue').textContent()).toContain('2.5.3 · 100%');
    await stage('01-guided-start', true);
  });

  it('asks for approval when the requester types /deploy in the composer', async () => {
    await page.getByTestId('channel-deploys').click();
    await type('/deploy checkout 2.5.4');
    await shows(page.getByTestId('action-deploy.approve'));
    await expect.poll(() => page.getByTestId('ephemeral-note').count()).toBeGreaterThan(0);
    const text = (await deployMessage().textContent()) ?? '';
    expect(text).toContain('checkout 2.5.3 → 2.5.4 (production)');
    expect(text).toMatch(/team-lead ⏳/);
    await stage('02-approval-request', true);
  });

  it('takes the team lead’s and the on-call engineer’s approvals through the confirm dialog, then runs blue-green', async () => {
    await actAs('U0BOB');
    await deployMessage().getByTestId('action-deploy.approve').click();
    const confirm = page.getByRole('alertdialog');
    await shows(confirm);
    await stage('03-confirm-dialog');
    await confirm.getByTestId('confirm-ok').click();
    await shows(page.getByText(/team-lead ✅/));

    await actAs('U0CAROL');
    await deployMessage().getByTestId('action-deploy.approve').click();
    await shows(page.getByRole('alertdialog'));
    await page.getByTestId('confirm-ok').press('Enter');
    await shows(page.locator('[data-testid=demo-checkout-green][data-weight="100"]'), 30_000);
    await shows(page.getByText(/post-deploy watch running/).first());
    const [checkout] = sandbox.demo.state();
    expect(checkout).toMatchObject({ live: 'green', versions: { blue: '2.5.3', green: '2.5.4' } });
    await stage('04-deployed-and-watching', true);
  });

  it('rolls back automatically once Break raises the new colour’s errors, and opens an incident channel', async () => {
    await advance(10_000);
    await page.getByTestId('demo-break-green').click();
    await shows(page.getByTestId('demo-checkout-green').filter({ hasText: 'broken' }));
    const incidentChannel = page.locator('[data-testid^="channel-inc-"]');
    for (let i = 0; i < 6 && !(await incidentChannel.first().isVisible()); i++) await advance(10_000);
    await shows(incidentChannel);
    await shows(page.locator('[data-testid=demo-checkout-blue][data-weight="100"]'));
    await shows(page.getByText(/Rollback trigger fired/).first());
    expect(sandbox.demo.state()[0]).toMatchObject({ live: 'blue', weights: { blue: 100, green: 0 } });
    await stage('05-automatic-rollback', true);

    await incidentChannel.first().click();
    await shows(page.getByText(/INC-2026-\d{4}/).first());
    await stage('06-incident-channel');
  });

  it('resolves the incident and shows its report', async () => {
    await actAs('U0CAROL');
    await advance(12 * 60_000);
    await type('/incident resolve Rolled back to 2.5.3 automatically; 2.5.4 stays blocked');
    await shows(page.getByText(/Resolved/).first());
    await advance(60_000);
    await type('/incident report');
    const report = page.getByTestId('file-text').filter({ hasText: /INC-2026-\d{4}/ });
    await shows(report);
    expect(await report.first().textContent()).toMatch(/Rolled back to 2\.5\.3 automatically/);
    await stage('07-incident-report', true);
  });

  it('rejects a deploy with a reason typed into the Reject modal', async () => {
    await actAs('U0ALICE');
    await page.getByTestId('channel-deploys').click();
    await type('/deploy payments 1.4.1');
    const payments = page
      .getByTestId('message')
      .filter({ hasText: 'payments 1.4.0 → 1.4.1' })
      .filter({ has: page.getByTestId('action-deploy.reject') });
    await shows(payments);
    await actAs('U0BOB');
    // Escape denies the confirm dialog: nothing is sent.
    await payments.getByTestId('action-deploy.reject').click();
    await shows(page.getByRole('alertdialog'));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.getByTestId('modal').count()).toBe(0);

    await payments.getByTestId('action-deploy.reject').click();
    await shows(page.getByRole('alertdialog').filter({ hasText: 'payments 1.4.1 to production' }));
    await page.getByTestId('confirm-ok').click();
    const modal = page.getByTestId('modal');
    await shows(modal);
    // Tab and Shift+Tab keep the focus inside the modal.
    const focusInside = () => modal.evaluate((el) => el.contains(el.ownerDocument.activeElement));
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    expect(await focusInside()).toBe(true);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
    expect(await focusInside()).toBe(true);
    await modal
      .locator('textarea, input')
      .first()
      .fill('Payments freeze until the checkout incident review is done');
    await stage('08-reject-modal');
    await modal.getByTestId('modal-submit').click();
    await shows(page.getByText(/Payments freeze until the checkout incident review is done/).first());
    await expect.poll(() => modal.count()).toBe(0);
    const rejected = (await sandbox.shipgate.runtime.deploys.recent(5, 'payments')).find(
      (d) => d.version === '1.4.1',
    );
    expect(rejected?.state).toBe('rejected');
  });

  afterAll(() => {
    if (readme.length > 0)
      writeFileSync(join(OUTPUT, 'comparison.json'), `${JSON.stringify(readme, null, 2)}\n`);
  });
});
