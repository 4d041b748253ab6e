import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ShipgateConfig } from '../../src/core/config/shipgate-config-schema.js';
import { gatherSecretValues, secretEnvNames } from '../../src/gather-secret-values.js';

const loaded = loadConfig('test/fixtures/adapters/config/shipgate.yml').config;
const checkout = loaded.services.checkout;
if (!checkout) throw new Error('the fixture has no checkout service');
/** The adapters fixture (a command target passing CLOUD_TOKEN, an HTTP target keyed by DEPLOYER_SECRET) with paging. */
const config: ShipgateConfig = {
  ...loaded,
  paging: { pagerduty: { routing_key_env: 'PD_ROUTING', escalation_contacts: [] } },
  services: {
    ...loaded.services,
    checkout: {
      ...checkout,
      validations: {
        ...checkout.validations,
        smoke_tests: { command: './smoke.sh', env: {}, pass_env: ['SMOKE_API_KEY', 'SMOKE_REGION'] },
      },
    },
  },
};

describe('the secret values Shipgate redacts', () => {
  it('come from the runtime secrets, the routing key, the SMTP URL, HTTP targets and secret-looking pass_env names', () => {
    expect(secretEnvNames(config).sort()).toEqual(
      [
        'CLOUD_TOKEN',
        'DEPLOYER_SECRET',
        'PAGERDUTY_TOKEN',
        'PAGERDUTY_WEBHOOK_SECRET',
        'PD_ROUTING',
        'SHIPGATE_DATABASE_URL',
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'SMOKE_API_KEY',
        'SMTP_URL',
      ].sort(),
    );
  });

  it('are read from the environment or from <NAME>_FILE, plus the values handed over, short ones left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-secrets-'));
    writeFileSync(join(dir, 'pd-token'), 'pdToken0123456789abcdef\n');
    const secrets = gatherSecretValues(
      config,
      {
        PD_ROUTING: 'R0UTINGKEY0123456789abcdefABCDEF',
        DEPLOYER_SECRET: 'deployer-hmac-secret-42',
        CLOUD_TOKEN: 'short',
        SMOKE_REGION: 'eu-central-1-not-a-secret',
        PAGERDUTY_TOKEN_FILE: join(dir, 'pd-token'),
      },
      ['xoxb-1234-5678-abcdef', undefined],
    );
    const text = [
      'R0UTINGKEY0123456789abcdefABCDEF',
      'deployer-hmac-secret-42',
      'pdToken0123456789abcdef',
      'xoxb-1234-5678-abcdef',
      'short',
      'eu-central-1-not-a-secret',
    ].join(' ');
    expect(secrets.redact(text)).toBe(
      '[redacted] [redacted] [redacted] [redacted] short eu-central-1-not-a-secret',
    );
  });

  it("keep the database connection string's password out, decoded, and leave the host readable", () => {
    const secrets = gatherSecretValues(config, {
      SHIPGATE_DATABASE_URL: 'postgres://shipgate:s3cret%2Fpass-word@db.internal:5432/shipgate',
    });
    expect(secrets.redact('auth failed for s3cret/pass-word at db.internal:5432')).toBe(
      'auth failed for [redacted] at db.internal:5432',
    );
  });
});
