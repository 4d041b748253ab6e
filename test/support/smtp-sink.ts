import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** One message the sink received (or refused at the end of DATA), as its envelope and parsed headers show it. */
export interface SinkMessage {
  /** MAIL FROM. */
  readonly envelopeFrom: string;
  /** Every RCPT TO, in order. */
  readonly envelopeTo: readonly string[];
  /** The user the client logged in as; undefined without AUTH. */
  readonly authUser: string | undefined;
  /** The From header's addresses. */
  readonly from: readonly string[];
  /** The To header's addresses. */
  readonly to: readonly string[];
  readonly subject: string | undefined;
  /** The Message-ID header, angle brackets included. */
  readonly messageId: string | undefined;
  /** The X-Shipgate-Key header. */
  readonly shipgateKey: string | undefined;
  /** The plain-text body. */
  readonly text: string | undefined;
}

/** How the next messages are refused: the SMTP reply code (4xx temporary, 5xx permanent) and its text. */
export interface SinkFailure {
  readonly code: number;
  readonly message?: string;
}

/** Who may log in: user name → password. Without it any login (or none) is accepted. */
export interface SmtpSinkOptions {
  readonly users?: Readonly<Record<string, string>>;
}

/** A loopback SMTP server (smtp-server on 127.0.0.1, no TLS, AUTH optional) that keeps what it receives. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, to which a test adds credentials when it wants AUTH. */
  readonly url: string;
  readonly port: number;
  /** Messages accepted, in arrival order. */
  readonly received: SinkMessage[];
  /** Messages refused through {@link SmtpSink.failNext}, in arrival order. */
  readonly rejected: SinkMessage[];
  /** Refuses the next `count` messages at the end of DATA with `failure` (default 451). */
  failNext(count: number, failure?: SinkFailure): void;
  /** Resolves with {@link SmtpSink.received} once it holds at least `count` messages. */
  waitFor(count: number): Promise<SinkMessage[]>;
  /** Closes the server and every connection. */
  stop(): Promise<void>;
}

/** The addresses of a parsed address header (mailparser gives an array when the header occurs more than once). */
const addresses = (header: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(header) ? header : header ? [header] : []).flatMap((group) =>
    group.value.map((entry) => entry.address ?? ''),
  );

const headerText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Starts an {@link SmtpSink} on a free loopback port. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: SinkMessage[] = [];
  const rejected: SinkMessage[] = [];
  const failures: SinkFailure[] = [];
  const waiters: { count: number; resolve: (messages: SinkMessage[]) => void }[] = [];
  const wake = () => {
    for (const waiter of [...waiters]) {
      if (received.length < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(received);
    }
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const users = options.users;
      if (users && (auth.username === undefined || users[auth.username] !== auth.password)) {
        const err: SMTPServerError = new Error('Invalid username or password');
        err.responseCode = 535;
        callback(err);
        return;
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const message: SinkMessage = {
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            authUser: typeof session.user === 'string' ? session.user : undefined,
            from: addresses(parsed.from),
            to: addresses(parsed.to),
            subject: parsed.subject,
            messageId: parsed.messageId,
            shipgateKey: headerText(parsed.headers.get('x-shipgate-key')),
            text: parsed.text,
          };
          const failure = failures.shift();
          if (failure) {
            rejected.push(message);
            const err: SMTPServerError = new Error(failure.message ?? 'Refused by the test');
            err.responseCode = failure.code;
            callback(err);
            return;
          }
          received.push(message);
          callback();
          wake();
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    rejected,
    failNext(count, failure = { code: 451 }) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    waitFor(count) {
      return new Promise((resolve) => {
        waiters.push({ count, resolve });
        wake();
      });
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
