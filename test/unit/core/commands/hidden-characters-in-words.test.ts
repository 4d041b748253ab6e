import { describe, expect, it } from 'vitest';
import { type ParseOutcome, parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { deployGrammar } from '../../../../src/core/commands/deploy-grammar.js';
import { incidentGrammar } from '../../../../src/core/commands/incident-grammar.js';
import { releaseGrammar } from '../../../../src/core/commands/release-grammar.js';
import { rollbackGrammar } from '../../../../src/core/commands/rollback-grammar.js';

const deploy = (text: string) => parseCommand(deployGrammar, text);
const incident = (text: string) => parseCommand(incidentGrammar, text);
const errorOf = (result: ParseOutcome<unknown>) =>
  result.ok ? `accepted ${JSON.stringify(result.value)}` : result.error;

describe('versions', () => {
  it.each([
    ['checkout " 6.0.0 "', '6.0.0'],
    ['checkout "7.0.0\n"', '7.0.0'],
    ['checkout "\t7.0.1"', '7.0.1'],
    ['checkout "\r\n7.0.2 \r\n"', '7.0.2'],
    ['checkout " v7.1.0"', '7.1.0'],
    ['checkout 7.2.0-rc.1', '7.2.0-rc.1'],
    ['checkout 7.3.0+build.7', '7.3.0+build.7'],
    ['checkout v7.3.1+Build.007', '7.3.1+Build.007'],
  ])('reads %j as the clean SemVer %j', (text, version) => {
    expect(deploy(text)).toMatchObject({ ok: true, value: { kind: 'deploy', version } });
  });

  it.each([
    [
      'checkout "\uFEFF8.0.0"',
      'version: contains an invisible character U+FEFF (zero width no-break space) at position 1',
    ],
    [
      'checkout \uFEFF8.0.0',
      'version: contains an invisible character U+FEFF (zero width no-break space) at position 1',
    ],
    [
      'checkout " \uFEFF8.0.0"',
      'version: contains an invisible character U+FEFF (zero width no-break space) at position 2',
    ],
    [
      'checkout 8.0.0\u200B',
      'version: contains an invisible character U+200B (zero width space) at position 6',
    ],
    [
      'checkout "8.0.0\u00A0"',
      'version: contains an invisible character U+00A0 (no-break space) at position 6',
    ],
    [
      'checkout 8.0\u202E.0',
      'version: contains an invisible character U+202E (right-to-left override) at position 4',
    ],
    [
      'checkout 8.0.0\u2066',
      'version: contains an invisible character U+2066 (left-to-right isolate) at position 6',
    ],
    ['checkout 8.0.0\u0007', 'version: contains a control character U+0007 (bell) at position 6'],
    ['checkout 8.0.0\u0085', 'version: contains a control character U+0085 (next line) at position 6'],
    [
      'checkout "8.0.0\u000B"',
      'version: contains a control character U+000B (line tabulation) at position 6',
    ],
    ['checkout "8.0.0\n1"', 'version: contains a control character U+000A (line feed) at position 6'],
  ])('refuses %j, saying %j', (text, message) => {
    expect(errorOf(deploy(text))).toContain(message);
  });

  it('shows the refused word with its hidden character made visible', () => {
    expect(errorOf(deploy('checkout "\uFEFF8.0.0"'))).toContain('(got `<U+FEFF>8.0.0`)');
  });

  it('refuses hidden characters in the versions of /rollback and /release too', () => {
    expect(errorOf(parseCommand(rollbackGrammar, 'checkout --to 2.5.3\u200B'))).toContain(
      '--to: contains an invisible character U+200B',
    );
    expect(errorOf(parseCommand(releaseGrammar, 'notes checkout \uFEFF2.5.3'))).toContain(
      'version: contains an invisible character U+FEFF',
    );
  });
});

describe('words that become identifiers', () => {
  it.each([
    [
      '"checkout\u200B" 1.0.0',
      'service: contains an invisible character U+200B (zero width space) at position 9',
    ],
    [
      '\uFEFFcheckout 1.0.0',
      'service: contains an invisible character U+FEFF (zero width no-break space) at position 1',
    ],
    [
      'checkout 1.0.0 --env "production\u200D"',
      '--env: contains an invisible character U+200D (zero width joiner) at position 11',
    ],
    [
      'checkout 1.0.0 --strategy canary\u00AD',
      '--strategy: contains an invisible character U+00AD (soft hyphen) at position 7',
    ],
    [
      'cancel DEP-2026-0042\u2060',
      'deploy id: contains an invisible character U+2060 (word joiner) at position 14',
    ],
    [
      'status checkout\u200C',
      'deploy id or service: contains an invisible character U+200C (zero width non-joiner) at position 9',
    ],
    ['queue "check\u0000out"', 'service: contains a control character U+0000 (null) at position 6'],
  ])('/deploy refuses %j, saying %j', (text, message) => {
    expect(errorOf(deploy(text))).toContain(message);
  });

  it('reads a service and environment padded with ordinary whitespace as the bare names', () => {
    expect(deploy('" checkout " 1.0.0 --env "staging\n"')).toMatchObject({
      ok: true,
      value: { service: 'checkout', env: 'staging' },
    });
  });

  it.each([
    [
      'declare SEV-1\uFEFF Checkout down',
      'severity: contains an invisible character U+FEFF (zero width no-break space) at position 6',
    ],
    [
      'declare SEV-1 Checkout down --service checkout\u200B',
      '--service: contains an invisible character U+200B',
    ],
    [
      'INC-2026-0001\u200B ack',
      'incident id: contains an invisible character U+200B (zero width space) at position 14',
    ],
    [
      'role scri\u200Bbe @bob',
      'role: contains an invisible character U+200B (zero width space) at position 5',
    ],
    [
      'commander <@U0BOB>\u200E',
      'commander: contains an invisible character U+200E (left-to-right mark) at position 9',
    ],
    ['severity "SEV-2\u001B"', 'severity: contains a control character U+001B (escape) at position 6'],
    [
      'action done A1\u3164',
      'action item: contains an invisible character U+3164 (hangul filler) at position 3',
    ],
    [
      'action add "Add an alert" @bob due:2026-12-01\u200B',
      'due date: contains an invisible character U+200B',
    ],
  ])('/incident refuses %j, saying %j', (text, message) => {
    expect(errorOf(incident(text))).toContain(message);
  });
});

describe('free text', () => {
  it('keeps unusual but printable characters, newlines and tabs in titles, notes and reasons', () => {
    expect(incident('declare SEV-2 "Checkout\u200B down\tagain"')).toMatchObject({
      ok: true,
      value: { title: 'Checkout\u200B down\tagain' },
    });
    expect(incident('note "Root cause:\nthe \u00A0cache"')).toMatchObject({
      ok: true,
      value: { text: 'Root cause:\nthe \u00A0cache' },
    });
    expect(deploy('checkout 1.0.0 --emergency "db \u202Eis down"')).toMatchObject({
      ok: true,
      value: { emergency: 'db \u202Eis down' },
    });
  });

  it.each([
    [
      'declare SEV-1 "Checkout\u001B[31m down"',
      'title: contains a control character U+001B (escape) at position 9',
    ],
    ['update "all \u0000good"', 'update text: contains a control character U+0000 (null) at position 5'],
    ['note "cache\u0008d"', 'note text: contains a control character U+0008 (backspace) at position 6'],
    [
      'resolve "rolled\rback"',
      'resolution: contains a control character U+000D (carriage return) at position 7',
    ],
    [
      'action add "Fix \u0085it" @bob',
      'action text: contains a control character U+0085 (next line) at position 5',
    ],
  ])('/incident refuses %j, saying %j', (text, message) => {
    expect(errorOf(incident(text))).toContain(message);
  });

  it('refuses a control character in a reason', () => {
    expect(errorOf(deploy('checkout 1.0.0 --emergency "db is \u0007down"'))).toContain(
      '--emergency: contains a control character U+0007 (bell) at position 7',
    );
    expect(errorOf(parseCommand(rollbackGrammar, 'checkout --reason "errors\u007F up"'))).toContain(
      '--reason: contains a control character U+007F (delete) at position 7',
    );
  });
});
