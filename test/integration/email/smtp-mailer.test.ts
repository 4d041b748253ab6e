import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../src/adapters/email/create-mailer.js';
import { SmtpMailer } from '../../../src/adapters/email/smtp-mailer.js';
import type { ShipgateConfig } from '../../../src/core/config/shipgate-config-schema.js';
import type { Mail } from '../../../src/services/ports/mailer.js';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from '../../support/smtp-sink.js';

const USER = 'shipgate';
/** Needs percent-encoding in a URL, so both of its forms can be looked for. */
const PASSWORD = 'Tr0ub4dor/&3';
const TIMEOUT_MS = 2_000;

const mail: Mail = {
  from: 'shipgate@example.com',
  to: ['oncall@example.com', 'release@example.com'],
  subject: 'Rolled back: checkout 2.5.4 in production (DEP-2026-0007)',
  text: 'checkout 2.5.4 was rolled back to 2.5.3 in production.\nIncident: INC-2026-0012\n',
  key: 'rollback:DEP-2026-0007',
};

const sinks: SmtpSink[] = [];
const silentServers: { server: Server; sockets: Set<Socket> }[] = [];

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.stop()));
  for (const { server, sockets } of silentServers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});

async function sink(options?: SmtpSinkOptions): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  sinks.push(started);
  return started;
}

/** The sink's URL with the test credentials in it. */
const withLogin = (server: SmtpSink, password = PASSWORD) =>
  `smtp://${USER}:${encodeURIComponent(password)}@127.0.0.1:${server.port}`;

/** A TCP listener that accepts connections and never says a word: an SMTP server that hangs before its greeting. */
async function silentPort(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silentServers.push({ server, sockets });
  return (server.address() as AddressInfo).port;
}

/** A loopback port nothing listens on (one that was just free). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failureOf(send: Promise<void>): Promise<Error> {
  const err = await send.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

function expectNoPassword(err: Error): void {
  expect(err.message).not.toContain(PASSWORD);
  expect(err.message).not.toContain(encodeURIComponent(PASSWORD));
  expect(err.message).not.toContain(Buffer.from(PASSWORD).toString('base64'));
}

describe('SmtpMailer', () => {
  it('delivers a plain-text mail with its subject, sender, recipients, Message-ID and X-Shipgate-Key', async () => {
    const server = await sink();

    await new SmtpMailer(server.url, TIMEOUT_MS).send(mail);

    const [received] = await server.waitFor(1);
    expect(received).toEqual({
      envelopeFrom: 'shipgate@example.com',
      envelopeTo: ['oncall@example.com', 'release@example.com'],
      authUser: undefined,
      from: ['shipgate@example.com'],
      to: ['oncall@example.com', 'release@example.com'],
      subject: 'Rolled back: checkout 2.5.4 in production (DEP-2026-0007)',
      messageId: '<rollback.DEP-2026-0007@shipgate>',
      shipgateKey: 'rollback:DEP-2026-0007',
      text: 'checkout 2.5.4 was rolled back to 2.5.3 in production.\nIncident: INC-2026-0012\n',
    });
  });

  it('logs in with the credentials in the URL', async () => {
    const server = await sink({ users: { [USER]: PASSWORD } });

    await new SmtpMailer(withLogin(server), TIMEOUT_MS).send(mail);

    expect((await server.waitFor(1)).map((m) => m.authUser)).toEqual([USER]);
  });

  it('throws when the server refuses the message, naming the key and reply but never the password', async () => {
    const server = await sink({ users: { [USER]: PASSWORD } });
    server.failNext(1, { code: 554, message: 'Transaction failed: policy' });

    const err = await failureOf(new SmtpMailer(withLogin(server), TIMEOUT_MS).send(mail));

    expect(err.message).toMatch(/^email rollback:DEP-2026-0007 not sent: .*554.*Transaction failed: policy/);
    expectNoPassword(err);
    expect(server.rejected).toHaveLength(1);
    expect(server.received).toEqual([]);
  });

  it('redacts the password even from a server reply that echoes it', async () => {
    const server = await sink({ users: { [USER]: PASSWORD } });
    server.failNext(1, { code: 550, message: `no relay for ${PASSWORD}` });

    const err = await failureOf(new SmtpMailer(withLogin(server), TIMEOUT_MS).send(mail));

    expect(err.message).toContain('no relay for [redacted]');
    expectNoPassword(err);
  });

  it('throws on a refused login without the password', async () => {
    const server = await sink({ users: { [USER]: 'another-password' } });

    const err = await failureOf(new SmtpMailer(withLogin(server), TIMEOUT_MS).send(mail));

    expect(err.message).toMatch(/535/);
    expectNoPassword(err);
    expect(server.received).toEqual([]);
  });

  it('sends a retry after a temporary refusal with the same Message-ID', async () => {
    const server = await sink();
    server.failNext(1, { code: 451, message: 'Try again later' });
    const mailer = new SmtpMailer(server.url, TIMEOUT_MS);

    const err = await failureOf(mailer.send(mail));
    await mailer.send(mail);

    expect(err.message).toMatch(/451/);
    const [retried] = await server.waitFor(1);
    expect([server.rejected[0]?.messageId, retried?.messageId]).toEqual([
      '<rollback.DEP-2026-0007@shipgate>',
      '<rollback.DEP-2026-0007@shipgate>',
    ]);
  });

  it('throws when nothing listens on the port', async () => {
    const port = await closedPort();

    const err = await failureOf(
      new SmtpMailer(`smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`, TIMEOUT_MS).send(
        mail,
      ),
    );

    expect(err.message).toMatch(/ECONNREFUSED/);
    expectNoPassword(err);
  });

  it('gives up on a server that never greets after the timeout, well before nodemailer’s 30 s default', {
    timeout: 5_000,
  }, async () => {
    const port = await silentPort();

    const err = await failureOf(new SmtpMailer(`smtp://127.0.0.1:${port}`, 200).send(mail));

    expect(err.message).toMatch(/ETIMEDOUT|timeout|Greeting never received/i);
  });

  it('refuses a URL that is not smtp:// or smtps:// without repeating it', () => {
    expect(() => new SmtpMailer(`https://${USER}:${PASSWORD}@mail.example.com`, TIMEOUT_MS)).toThrow(
      /^the SMTP URL must look like smtp:\/\/user:pass@host:port/,
    );
  });
});

describe('createMailer', () => {
  const configured: Pick<ShipgateConfig, 'notifications'> = {
    notifications: {
      email: {
        smtp_url_env: 'SHIPGATE_TEST_SMTP_URL',
        from: 'shipgate@example.com',
        to: ['oncall@example.com'],
      },
    },
  };

  it('returns undefined when notifications.email is absent', () => {
    expect(
      createMailer({ notifications: {} }, { SHIPGATE_TEST_SMTP_URL: 'smtp://127.0.0.1:25' }, 1_000),
    ).toBe(undefined);
  });

  it('throws naming the variable when it is unset', () => {
    expect(() => createMailer(configured, {}, 1_000)).toThrow(
      /notifications\.email is configured but the environment variable SHIPGATE_TEST_SMTP_URL is not set/,
    );
  });

  it('throws naming the variable when it is empty', () => {
    expect(() => createMailer(configured, { SHIPGATE_TEST_SMTP_URL: '  ' }, 1_000)).toThrow(
      /SHIPGATE_TEST_SMTP_URL is not set/,
    );
  });

  it('throws naming the variable, not its value, when it holds no SMTP URL', () => {
    const build = () =>
      createMailer(configured, { SHIPGATE_TEST_SMTP_URL: `mail.example.com:${PASSWORD}` }, 1_000);

    expect(build).toThrow(
      /^SHIPGATE_TEST_SMTP_URL \(notifications\.email\.smtp_url_env\): the SMTP URL must/,
    );
    expect(build).not.toThrow(PASSWORD);
  });

  it('builds a mailer that sends through the URL in the variable', async () => {
    const server = await sink({ users: { [USER]: PASSWORD } });
    const mailer = createMailer(configured, { SHIPGATE_TEST_SMTP_URL: withLogin(server) }, TIMEOUT_MS);

    await mailer?.send(mail);

    expect((await server.waitFor(1)).map((m) => [m.authUser, m.messageId])).toEqual([
      [USER, '<rollback.DEP-2026-0007@shipgate>'],
    ]);
  });
});
