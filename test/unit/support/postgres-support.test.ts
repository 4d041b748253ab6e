import { afterEach, describe, expect, it, vi } from 'vitest';
import { missingPostgres, postgresAvailable } from '../../support/postgres.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('missingPostgres (the PostgreSQL tests skip loudly, and never in CI)', () => {
  it('lets the tests run when SHIPGATE_TEST_DATABASE_URL is set', () => {
    vi.stubEnv('SHIPGATE_TEST_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test');
    vi.stubEnv('CI', '1');
    expect(postgresAvailable()).toBe(true);
    expect(missingPostgres()).toBe(false);
  });

  it('skips with one loud warning naming the variable outside CI', () => {
    vi.stubEnv('SHIPGATE_TEST_DATABASE_URL', '');
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(postgresAvailable()).toBe(false);
    expect(missingPostgres()).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /SKIPPING the PostgreSQL tests: SHIPGATE_TEST_DATABASE_URL is not set/,
    );
  });

  it('fails instead of skipping in CI', () => {
    vi.stubEnv('SHIPGATE_TEST_DATABASE_URL', '');
    vi.stubEnv('CI', '1');
    expect(() => missingPostgres()).toThrow('CI must run the PostgreSQL tests');
  });
});
