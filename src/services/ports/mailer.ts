/** One plain-text email. */
export interface Mail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Identifies the side effect (e.g. `rollback:DEP-2026-0007`), sent as the Message-ID so a retry is recognisable. */
  readonly key: string;
}

/** Sends email (SMTP in production). Failures throw, so the durable timer that sends it retries. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}
