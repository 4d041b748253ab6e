import { z } from 'zod';
import type { CommandGrammar, Subcommand } from './command-grammar.js';
import { commandInput, subcommand, UsageError } from './subcommand.js';
import {
  freeTextSchema,
  incidentIdSchema,
  isoDateSchema,
  nameSchema,
  type Severity,
  severitySchema,
  type UserRef,
  userRefSchema,
  wordSchema,
} from './values.js';

/** What `/incident` was asked to do; `id` is set when the text named an incident (`/incident INC-2026-0001 ack`). */
export type IncidentRequest = { id: string | undefined } & (
  | { kind: 'help' }
  | {
      kind: 'declare';
      severity: Severity;
      title: string;
      private: boolean;
      service: string | undefined;
      /** `--security`: a SEV-1 security incident; it fires the service's `security_incident` rollback trigger. */
      security: boolean;
    }
  | { kind: 'ack' }
  | { kind: 'commander'; user: UserRef }
  | { kind: 'role'; role: string; user: UserRef }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'update'; text: string }
  | { kind: 'status' }
  | { kind: 'note'; text: string }
  | { kind: 'action'; text: string; owner: UserRef; due: string | undefined }
  | { kind: 'action_done'; item: string }
  | { kind: 'resolve'; resolution: string }
  | { kind: 'timeline' }
  | { kind: 'report' }
  | { kind: 'list' }
);

/** `/incident` usage, shown by `help` and with every mistake. */
export const incidentUsage = [
  '/incident declare <SEV-1..4> <title> [--private] [--service <name>]',
  '/incident declare SEV-1 <title> --security [--service <name>]',
  '/incident [INC-id] ack | status | timeline | report',
  '/incident [INC-id] commander @user',
  '/incident [INC-id] role <role> @user',
  '/incident [INC-id] severity <SEV-n>',
  '/incident [INC-id] update <text>',
  '/incident [INC-id] note <text>',
  '/incident [INC-id] action add "<text>" @owner [due:YYYY-MM-DD]',
  '/incident [INC-id] action done <A1>',
  '/incident [INC-id] resolve <resolution>',
  '/incident list | help',
];

const roleSchema = wordSchema.pipe(
  z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'expected a role such as scribe or comms-lead'),
);

const bare = (kind: 'ack' | 'status' | 'timeline' | 'report' | 'list' | 'help') =>
  subcommand({}, (read) => {
    read.atMost(0);
    return { kind };
  });

const withText = <K extends 'update' | 'note'>(kind: K, name: string) =>
  subcommand({}, (read) => ({ kind, text: read.text(0, name, { max: 2000 }) }));

type Body = IncidentRequest extends infer R ? (R extends { id: unknown } ? Omit<R, 'id'> : never) : never;

/** The grammar of `/incident`. Bodies are completed with the optional incident id by `withId`. */
export const incidentGrammar: CommandGrammar<IncidentRequest> = {
  command: '/incident',
  prefix: (tokens) => {
    const [first, ...rest] = tokens;
    if (first !== undefined && /^INC-/i.test(first)) return { rest, context: { id: first } };
    return { rest: tokens, context: {} };
  },
  subcommands: Object.fromEntries(
    Object.entries({
      help: bare('help'),
      ack: bare('ack'),
      status: bare('status'),
      timeline: bare('timeline'),
      report: bare('report'),
      list: bare('list'),
      update: withText('update', 'update text'),
      note: withText('note', 'note text'),
      declare: subcommand({ private: 'boolean', service: 'string', security: 'boolean' }, (read) => {
        const severity = read.required(0, 'severity', severitySchema);
        const security = read.has('security');
        if (security && severity !== 'SEV-1')
          throw new UsageError(
            '`--security` declares a SEV-1 security incident (it may roll back the service); declare SEV-1 or drop --security',
          );
        return {
          kind: 'declare',
          severity,
          title: read.text(1, 'title', { max: 150 }),
          private: read.has('private'),
          service: read.flag('service', nameSchema),
          security,
        };
      }),
      commander: subcommand({}, (read) => {
        read.atMost(1);
        return { kind: 'commander', user: read.required(0, 'commander', userRefSchema) };
      }),
      role: subcommand({}, (read) => {
        read.atMost(2);
        return {
          kind: 'role',
          role: read.required(0, 'role', roleSchema),
          user: read.required(1, 'person', userRefSchema),
        };
      }),
      severity: subcommand({}, (read) => {
        read.atMost(1);
        return { kind: 'severity', severity: read.required(0, 'severity', severitySchema) };
      }),
      resolve: subcommand({}, (read) => ({
        kind: 'resolve',
        resolution: read.text(0, 'resolution', { max: 2000 }),
      })),
      action: subcommand({}, (read): Body => {
        const verb = read.required(
          0,
          'action verb',
          wordSchema.pipe(z.enum(['add', 'done'], { error: 'expected `add` or `done`' })),
        );
        if (verb === 'done') {
          read.atMost(2);
          return {
            kind: 'action_done',
            item: read
              .required(
                1,
                'action item',
                wordSchema.pipe(z.string().regex(/^A\d{1,4}$/i, 'expected an item such as A1')),
              )
              .toUpperCase(),
          };
        }
        const text = read.required(
          1,
          'action text',
          freeTextSchema.pipe(z.string().trim().min(3, 'describe the action').max(300)),
        );
        const owner = read.required(2, 'owner', userRefSchema);
        const due = read.optional(
          3,
          'due date',
          wordSchema.pipe(z.string().regex(/^due:/, 'expected due:YYYY-MM-DD')),
        );
        read.atMost(4);
        const dueDate = due === undefined ? undefined : isoDateSchema.safeParse(due.slice(4));
        if (dueDate && !dueDate.success) throw new UsageError('due date: expected due:YYYY-MM-DD');
        return { kind: 'action', text, owner, due: dueDate?.data };
      }),
    } as Record<string, Subcommand<Body>>).map(([name, sub]) => [name, withId(sub)]),
  ),
};

/** Wraps a subcommand so its result carries the incident id given before it, if any. */
function withId(sub: Subcommand<Body>): Subcommand<IncidentRequest> {
  return {
    ...(sub.flags ? { flags: sub.flags } : {}),
    schema: commandInput.transform((input, ctx) => {
      const idText = input.flags.id;
      const { id: _ignored, ...flags } = input.flags;
      let id: string | undefined;
      if (typeof idText === 'string') {
        const parsed = incidentIdSchema.safeParse(idText);
        if (!parsed.success) {
          const word = wordSchema.safeParse(idText);
          const problem = word.success
            ? 'expected an id such as INC-2026-0007'
            : word.error.issues[0]?.message;
          ctx.addIssue({ code: 'custom', message: `incident id: ${problem}` });
          return z.NEVER;
        }
        id = parsed.data;
      }
      const body = sub.schema.safeParse({ args: input.args, flags });
      if (!body.success) {
        ctx.addIssue({ code: 'custom', message: body.error.issues[0]?.message ?? 'not valid' });
        return z.NEVER;
      }
      return { ...body.data, id } as IncidentRequest;
    }),
  };
}
