import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../../src/config/check-config-file.js';
import { parseYamlText, readYamlFile } from '../../../src/config/yaml-file.js';
import { CONFIG_SCHEMAS, type ConfigSchemaName } from '../../../src/core/config/config-json-schema.js';
import { schemaValidator } from '../../support/config-schema-validator.js';

const repo = resolve(import.meta.dirname, '../../..');
const validators = {
  main: schemaValidator('main'),
  environment: schemaValidator('environment'),
  readiness: schemaValidator('readiness'),
};

/** Which config file YAML data is: an environment policy, a readiness checklist or a main config. */
function kindOf(data: Record<string, unknown>): ConfigSchemaName {
  if ('environment' in data) return 'environment';
  if ('sections' in data) return 'readiness';
  return 'main';
}

/** Every YAML file under `dir` that parses, with its data and kind. */
function yamlFiles(dir: string) {
  return readdirSync(join(repo, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yml'))
    .flatMap((name) => {
      const path = join(repo, dir, name);
      const read = readYamlFile(path);
      return read.ok ? [{ file: relative(repo, path), data: read.data, kind: kindOf(read.data) }] : [];
    });
}

/** Where an error points: the value's path, plus the key for an unknown or missing key. */
function at(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  const key = params.additionalProperty ?? params.missingProperty;
  return key === undefined ? error.instancePath : `${error.instancePath}/${key}`;
}

function shipgateAccepts(kind: ConfigSchemaName, data: unknown): boolean {
  return CONFIG_SCHEMAS[kind].schema.safeParse(data).success;
}

/**
 * True when Shipgate refuses the data only for what a JSON Schema cannot say: that one value comes after another
 * (an hour range's end after its start, an event's last day on or after its first).
 */
function refusedOnlyForOrder(kind: ConfigSchemaName, data: unknown): boolean {
  const parsed = CONFIG_SCHEMAS[kind].schema.safeParse(data);
  return (
    !parsed.success &&
    parsed.error.issues.every((issue) => /end after the start|a date on or after/.test(issue.message))
  );
}

describe('the committed JSON Schemas on the repository’s YAML files', () => {
  const examples = [...yamlFiles('config')];
  const fixtures = yamlFiles('test/fixtures');

  it('accept every example config: the main file, both environment policies and the readiness checklist', () => {
    expect(examples.map((f) => `${f.file} (${f.kind})`).sort()).toEqual([
      'config/environments/production-deployment.yml (environment)',
      'config/environments/staging-deployment.yml (environment)',
      'config/readiness-checklist.yml (readiness)',
      'config/shipgate.example.yml (main)',
    ]);
    for (const { file, data, kind } of examples) {
      expect(validators[kind](data), file).toEqual([]);
      expect(shipgateAccepts(kind, data), file).toBe(true);
    }
  });

  it('judge every test fixture the way Shipgate’s schemas do, broken ones included', () => {
    const verdicts = fixtures.map(({ file, data, kind }) => ({
      file,
      schema: validators[kind](data).length === 0,
      shipgate: shipgateAccepts(kind, data),
      order: refusedOnlyForOrder(kind, data),
    }));
    expect(verdicts.filter((v) => v.shipgate).length).toBeGreaterThan(3);
    expect(verdicts.filter((v) => !v.shipgate && !v.order).length).toBeGreaterThan(3);
    expect(
      verdicts.filter((v) => v.shipgate && !v.schema),
      'the schema refuses a file Shipgate accepts',
    ).toEqual([]);
    expect(verdicts.filter((v) => !v.shipgate && v.schema && !v.order)).toEqual([]);
  });

  it('leave only the order of two values to Shipgate (16:00-10:00 has valid times)', () => {
    const hours = fixtures.find((f) => f.file.endsWith('bad-environments/bad-hours.yml'));
    expect(hours && validators[hours.kind](hours.data)).toEqual([]);
    expect(hours && refusedOnlyForOrder(hours.kind, hours.data)).toBe(true);
  });
});

type Data = Record<string, unknown>;

/** The parsed example of a kind, to break one thing in. */
function example(kind: ConfigSchemaName): Data {
  const file = {
    main: 'config/shipgate.example.yml',
    environment: 'config/environments/production-deployment.yml',
    readiness: 'config/readiness-checklist.yml',
  }[kind];
  const read = parseYamlText(file, readFileSync(join(repo, file), 'utf8'));
  if (!read.ok) throw new Error(`${file} does not parse`);
  return structuredClone(read.data);
}

/** The mapping or list at a key path inside parsed YAML. */
function inside(data: Data, path: readonly (string | number)[]): Data {
  return path.reduce<Data>((node, key) => node[key] as Data, data);
}

interface Broken {
  readonly what: string;
  readonly kind: ConfigSchemaName;
  readonly breakIt: (data: Data) => void;
  /** The JSON pointer (plus the key, for an unknown or missing one) that the schema's refusal names. */
  readonly at: string;
}

const BROKEN: readonly Broken[] = [
  {
    what: 'a misspelt top-level key',
    kind: 'main',
    breakIt: (d) => {
      d.timezon = d.timezone;
      delete d.timezone;
    },
    at: '/timezon',
  },
  {
    what: 'a secret in the YAML',
    kind: 'main',
    breakIt: (d) => {
      d.slack_token = 'xoxb-not-here';
    },
    at: '/slack_token',
  },
  {
    what: 'a misspelt deploy step',
    kind: 'main',
    breakIt: (d) => {
      inside(d, ['services', 'checkout', 'deploy', 'steps']).deplyo = 'true';
    },
    at: '/services/checkout/deploy/steps/deplyo',
  },
  {
    what: 'text where true or false belongs',
    kind: 'main',
    breakIt: (d) => {
      inside(d, ['incidents', 'severities', 'SEV-1']).page = 'yes';
    },
    at: '/incidents/severities/SEV-1/page',
  },
  {
    what: 'a duration in words',
    kind: 'main',
    breakIt: (d) => {
      inside(d, ['incidents']).review_within = '2 days';
    },
    at: '/incidents/review_within',
  },
  {
    what: 'a severity that does not exist',
    kind: 'main',
    breakIt: (d) => {
      d.rollback = { incident_severity: 'SEV-5' };
    },
    at: '/rollback/incident_severity',
  },
  {
    what: 'a command with an unknown placeholder',
    kind: 'main',
    breakIt: (d) => {
      inside(d, ['services', 'checkout', 'deploy', 'steps']).deploy = './deploy.sh {servce}';
    },
    at: '/services/checkout/deploy/steps/deploy',
  },
  {
    what: 'two metrics sources',
    kind: 'main',
    breakIt: (d) => {
      d.metrics = {
        prometheus: { url: 'http://127.0.0.1:9090' },
        http_json: { url: 'http://127.0.0.1/{track}' },
      };
    },
    at: '/metrics',
  },
  {
    what: 'a validation bound to both a command and a URL',
    kind: 'main',
    breakIt: (d) => {
      inside(d, ['services', 'checkout', 'validations', 'smoke_tests']).http =
        'https://example.com/{service}';
    },
    at: '/services/checkout/validations/smoke_tests',
  },
  {
    what: 'a misspelt policy key',
    kind: 'environment',
    breakIt: (d) => {
      d.aproval = d.approval;
      delete d.approval;
    },
    at: '/aproval',
  },
  {
    what: 'a strategy that does not exist',
    kind: 'environment',
    breakIt: (d) => {
      d.deployment_strategy = 'big-bang';
    },
    at: '/deployment_strategy',
  },
  {
    what: 'a rollback timeout in words',
    kind: 'environment',
    breakIt: (d) => {
      inside(d, ['rollback']).timeout = 'five minutes';
    },
    at: '/rollback/timeout',
  },
  {
    what: 'hours without minutes',
    kind: 'environment',
    breakIt: (d) => {
      inside(d, ['change_window']).allowed_hours = ['10-16'];
    },
    at: '/change_window/allowed_hours/0',
  },
  {
    what: 'a misspelt weekday',
    kind: 'environment',
    breakIt: (d) => {
      inside(d, ['change_window']).allowed_days = ['tusday'];
    },
    at: '/change_window/allowed_days/0',
  },
  {
    what: 'a threshold without a comparison',
    kind: 'environment',
    breakIt: (d) => {
      (inside(d, ['monitoring', 'alerts']) as unknown as Data[])[0] = {
        threshold: 'errors high',
        action: 'alert_oncall',
      };
    },
    at: '/monitoring/alerts/0/threshold',
  },
  {
    what: 'a required approval without a timeout',
    kind: 'environment',
    breakIt: (d) => {
      delete inside(d, ['approval']).timeout;
    },
    at: '/approval/timeout',
  },
  {
    what: 'two triggers in one item',
    kind: 'environment',
    breakIt: (d) => {
      inside(d, ['rollback', 'triggers', 0]).latency_increase = '50%';
    },
    at: '/rollback/triggers/0',
  },
  {
    what: '`relative` on a trigger that is not a percentage',
    kind: 'environment',
    breakIt: (d) => {
      inside(d, ['rollback', 'triggers', 0]).relative = false;
    },
    at: '/rollback/triggers/0',
  },
  {
    what: 'two checks in one validation item',
    kind: 'environment',
    breakIt: (d) => {
      inside(d, ['validation', 'pre_deployment', 0]).extra_tests = 'optional';
    },
    at: '/validation/pre_deployment/0',
  },
  {
    what: 'an item both checked and attested',
    kind: 'readiness',
    breakIt: (d) => {
      inside(d, ['sections', 0, 'items', 0]).attest = { role: 'team-lead' };
    },
    at: '/sections/0/items/0',
  },
  {
    what: 'a runbook path on another built-in',
    kind: 'readiness',
    breakIt: (d) => {
      inside(d, ['sections', 0, 'items', 0]).check = { builtin: 'oncall_scheduled', path: 'runbooks/x.md' };
    },
    at: '/sections/0/items/0/check/builtin',
  },
  {
    what: 'a built-in that does not exist',
    kind: 'readiness',
    breakIt: (d) => {
      inside(d, ['sections', 0, 'items', 0]).check = { builtin: 'tests_green' };
    },
    at: '/sections/0/items/0/check/builtin',
  },
  {
    what: 'a misspelt item key',
    kind: 'readiness',
    breakIt: (d) => {
      inside(d, ['sections', 0, 'items', 0]).critcal = true;
    },
    at: '/sections/0/items/0/critcal',
  },
];

describe.each(BROKEN)('$kind file with $what', ({ kind, breakIt, at: where }) => {
  it('is refused by the JSON Schema at that key, and by Shipgate', () => {
    const data = example(kind);
    expect(validators[kind](data)).toEqual([]);
    breakIt(data);
    expect(validators[kind](data).map(at)).toContain(where);
    expect(shipgateAccepts(kind, data)).toBe(false);
  });
});

describe('a config with a wrong key', () => {
  it('is flagged by the schema and by `config check` alike (main file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-schema-'));
    cpSync(join(repo, 'config'), dir, { recursive: true });
    const path = join(dir, 'shipgate.example.yml');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('\ntimezone: Europe/Berlin\n');
    writeFileSync(
      path,
      text.replace('\ntimezone: Europe/Berlin\n', '\ntimezone: Europe/Berlin\ntimezon: UTC\n'),
    );
    const read = readYamlFile(path);
    if (!read.ok) throw new Error('the copy does not parse');
    expect(validators.main(read.data).map(at)).toEqual(['/timezon']);
    const result = checkConfigFile(path);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^timezon \(line \d+\): unknown key "timezon"/m);
  });

  it('is flagged by the schema and by `config check` alike (environment policy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-schema-'));
    const path = join(dir, 'production.yml');
    const text = readFileSync(join(repo, 'config/environments/production-deployment.yml'), 'utf8');
    writeFileSync(path, text.replace('  timeout: 30m\n', '  timeout: 30m\n  timeout_escalation: cto\n'));
    const read = readYamlFile(path);
    if (!read.ok) throw new Error('the copy does not parse');
    expect(validators.environment(read.data).map(at)).toEqual(['/approval/timeout_escalation']);
    const result = checkConfigFile(path);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(
      /^approval\.timeout_escalation \(line \d+\): unknown key "timeout_escalation"/m,
    );
  });
});
