import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyError } from '../../../src/adapters/pagerduty/pagerduty-error.js';
import { PagerDutyOnCall } from '../../../src/adapters/pagerduty/pagerduty-on-call.js';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/index.js';
import { ADA, BOB, CY, rejection } from './pagerduty-fixture.js';

const AT = new Date('2026-03-02T12:00:00Z');
const SHIFT = { start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T21:00:00Z') };

describe('PagerDutyOnCall through @pagerduty/pdjs against the stand-in', () => {
  let standIn: PagerDutyStandIn;
  let directory: PagerDutyOnCall;

  beforeAll(async () => {
    standIn = await PagerDutyStandIn.start();
    directory = new PagerDutyOnCall({ token: standIn.token, apiUrl: standIn.url, retryTimeoutMs: 1 });
  });
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.clearOnCall();
    standIn.clearFaults();
  });

  it('finds the level-1 people on call for a schedule, with their emails', async () => {
    standIn.setOnCall({ scheduleId: 'PSCHED1', escalationPolicyId: 'PEP1', users: [ADA], ...SHIFT });
    standIn.setOnCall({ scheduleId: 'PSCHED2', escalationPolicyId: 'PEP1', users: [CY], ...SHIFT });
    expect(await directory.onCallNow({ scheduleId: 'PSCHED1' }, AT)).toEqual([
      { pagerDutyUserId: ADA.id, name: ADA.name, email: ADA.email },
    ]);
  });

  it('asks PagerDuty with schedule_ids[], include[]=users, earliest and since/until around the time', async () => {
    standIn.setOnCall({ scheduleId: 'PSCHED1', users: [ADA] });
    const before = standIn.requests.length;
    await directory.onCallNow({ scheduleId: 'PSCHED1' }, AT);
    const [request] = standIn.requests.slice(before);
    expect(request?.headers.authorization).toBe(`Token token=${standIn.token}`);
    expect(request?.query).toEqual(
      expect.arrayContaining([
        ['schedule_ids[]', 'PSCHED1'],
        ['include[]', 'users'],
        ['earliest', 'true'],
        ['since', '2026-03-02T12:00:00.000Z'],
        ['until', '2026-03-02T12:00:01.000Z'],
      ]),
    );
  });

  it('finds the people at the lowest escalation level of an escalation policy, each once', async () => {
    standIn.setOnCall({ escalationPolicyId: 'PEP1', level: 2, users: [CY] });
    standIn.setOnCall({ scheduleId: 'PSCHED1', escalationPolicyId: 'PEP1', users: [ADA, BOB], ...SHIFT });
    standIn.setOnCall({ scheduleId: 'PSCHED2', escalationPolicyId: 'PEP1', users: [ADA], ...SHIFT });
    const people = await directory.onCallNow({ escalationPolicyId: 'PEP1' }, AT);
    expect(people.map((p) => p.email)).toEqual([ADA.email, BOB.email]);
  });

  it('ignores a shift that has ended by the given time', async () => {
    standIn.setOnCall({ scheduleId: 'PSCHED1', users: [ADA], ...SHIFT });
    standIn.setOnCall({ scheduleId: 'PSCHED1', level: 2, users: [BOB] });
    const evening = new Date('2026-03-02T21:00:00Z');
    expect(
      (await directory.onCallNow({ scheduleId: 'PSCHED1' }, evening)).map((p) => p.pagerDutyUserId),
    ).toEqual([BOB.id]);
  });

  it('returns nobody when nobody is on call', async () => {
    standIn.setOnCall({ scheduleId: 'POTHER', users: [ADA] });
    expect(await directory.onCallNow({ scheduleId: 'PSCHED1' }, AT)).toEqual([]);
  });

  it('throws a retryable PagerDutyError with status and code, and no wait of its own, on a 500', async () => {
    standIn.fail('/oncalls', { status: 500 });
    const err = await rejection(directory.onCallNow({ scheduleId: 'PSCHED1' }, AT));
    expect(err).toBeInstanceOf(PagerDutyError);
    expect(err).toMatchObject({ status: 500, code: 2000, retryable: true, retryAfterMs: undefined });
    expect((err as Error).message).toBe(
      'PagerDuty GET /oncalls answered HTTP 500: Injected failure (HTTP 500)',
    );
  });

  it('lets pdjs retry a 429 and returns the answer of the retry', async () => {
    standIn.setOnCall({ scheduleId: 'PSCHED1', users: [ADA] });
    standIn.fail('/oncalls', { status: 429, retryAfter: 1, times: 1 });
    const before = standIn.requests.length;
    expect((await directory.onCallNow({ scheduleId: 'PSCHED1' }, AT)).map((p) => p.email)).toEqual([
      ADA.email,
    ]);
    expect(standIn.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up after pdjs’s three retries of a 429, carrying Retry-After as retryAfterMs', async () => {
    standIn.fail('/oncalls', { status: 429, retryAfter: 7 });
    const before = standIn.requests.length;
    const err = await rejection(directory.onCallNow({ scheduleId: 'PSCHED1' }, AT));
    expect(err).toMatchObject({ name: 'PagerDutyError', status: 429, retryAfterMs: 7000, retryable: true });
    expect(standIn.requests.length - before).toBe(4);
  });

  it('throws a non-retryable error naming PagerDuty’s reason for a rejected token', async () => {
    const wrong = new PagerDutyOnCall({ token: 'notTheToken1', apiUrl: standIn.url, retryTimeoutMs: 1 });
    const err = await rejection(wrong.onCallNow({ scheduleId: 'PSCHED1' }, AT));
    expect(err).toMatchObject({ status: 401, code: 2006, retryable: false });
    expect((err as Error).message).toContain('Authentication failed; Unknown API token');
  });

  it('throws a retryable network error when the connection drops or the answer is too slow', async () => {
    standIn.fail('/oncalls', { drop: true, times: 1 });
    const dropped = await rejection(directory.onCallNow({ scheduleId: 'PSCHED1' }, AT));
    expect(dropped).toMatchObject({
      name: 'PagerDutyError',
      status: undefined,
      retryable: true,
      retryAfterMs: undefined,
    });
    expect((dropped as Error).message).toMatch(/^PagerDuty GET \/oncalls failed: /);

    standIn.slow('/oncalls', 1000, 1);
    const impatient = new PagerDutyOnCall({ token: standIn.token, apiUrl: standIn.url, timeoutMs: 50 });
    const slow = await rejection(impatient.onCallNow({ scheduleId: 'PSCHED1' }, AT));
    expect((slow as Error).message).toBe('PagerDuty GET /oncalls failed: no answer within 50 ms');
  });

  it('throws without calling PagerDuty when no token or no target is configured', async () => {
    const before = standIn.requests.length;
    const unconfigured = new PagerDutyOnCall({ token: undefined, apiUrl: standIn.url });
    expect(String(await rejection(unconfigured.onCallNow({ scheduleId: 'PSCHED1' }, AT)))).toContain(
      'PAGERDUTY_TOKEN is not set',
    );
    expect(String(await rejection(directory.onCallNow({}, AT)))).toContain(
      'needs a schedule id or an escalation',
    );
    expect(standIn.requests.length).toBe(before);
  });

  it('looks a user up by id, with their email', async () => {
    standIn.addUser(CY);
    expect(await directory.person(CY.id)).toEqual({ pagerDutyUserId: CY.id, name: CY.name, email: CY.email });
    expect(await rejection(directory.person('PNOBODY'))).toMatchObject({ status: 404, code: 2100 });
  });
});
