import { z } from 'zod';
import type {
  AgentDeploy,
  AgentIncident,
  AgentSample,
  AgentTimelineEntry,
} from '../../services/agents/agent-door.js';

/** Every error the agent API answers: a code, a plain reason, and the boundary rule or the field when there is one. */
export const apiErrorSchema = z
  .object({
    error: z.enum([
      'bad_request',
      'unauthorized',
      'forbidden',
      'not_found',
      'method_not_allowed',
      'conflict',
      'too_large',
      'too_many_requests',
      'internal',
    ]),
    reason: z.string(),
    rule: z
      .string()
      .optional()
      .meta({ description: 'The oversight boundary rule a 403 names, e.g. OB-DEPLOY-2.' }),
    field: z
      .string()
      .optional()
      .meta({ description: 'The request field a 400 is about: a dotted path, or body.' }),
  })
  .meta({ id: 'Error' });

/** One error answer. */
export type ApiError = z.output<typeof apiErrorSchema>;

/**
 * Marks `schema` as the description of the door's `T`: it compiles only when every `T` fits the schema (optional
 * fields stay `.optional()`, which the OpenAPI generator reads as not required).
 */
function describes<T>() {
  return <S extends z.ZodType>(schema: S & ([Writable<T>] extends [z.input<S>] ? unknown : never)): S =>
    schema;
}

/** `T` without its `readonly` marks, deeply (zod's parsed types are mutable). */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

const at = z.string().meta({ description: 'ISO 8601 time, UTC', example: '2026-11-24T10:00:00.000Z' });

/** A deploy as an agent reads it (no secrets, no config values). */
export const deploySchema = describes<AgentDeploy>()(
  z
    .object({
      id: z.string(),
      service: z.string(),
      env: z.string(),
      version: z.string(),
      previousVersion: z.string().nullable(),
      kind: z.enum(['deploy', 'rollback']),
      strategy: z.string(),
      state: z.string(),
      requester: z.string(),
      approvals: z.array(z.object({ user: z.string(), role: z.string(), at })),
      watch: z.object({ state: z.string(), samples: z.int(), startedAt: at }).nullable(),
      createdAt: at,
      finishedAt: at.nullable(),
    })
    .meta({ id: 'Deploy' }),
);

/** One watch sample of a deploy. */
export const sampleSchema = describes<AgentSample>()(
  z
    .object({
      at,
      sample: z.int(),
      counted: z.boolean(),
      findings: z.array(
        z.object({
          metric: z.string(),
          value: z.number().nullable(),
          baseline: z.number().nullable(),
          limit: z.number().nullable(),
          breached: z.boolean(),
          noData: z.string().optional(),
        }),
      ),
      health: z.string().optional(),
      fired: z.string().optional(),
    })
    .meta({ id: 'WatchSample' }),
);

/** An incident as an agent reads it. */
export const incidentSchema = describes<AgentIncident>()(
  z
    .object({
      id: z.string(),
      severity: z.string(),
      title: z.string(),
      status: z.string(),
      commander: z.string(),
      channel: z.string().nullable(),
      private: z.boolean(),
      declaredAt: at,
      resolvedAt: at.nullable(),
    })
    .meta({ id: 'Incident' }),
);

/** One timeline entry of an incident, as plain text. */
export const timelineEntrySchema = describes<AgentTimelineEntry>()(
  z
    .object({ at, actor: z.string(), actorKind: z.string(), type: z.string(), text: z.string() })
    .meta({ id: 'TimelineEntry' }),
);

/** `GET /api/v1/deploys`. */
export const deployListSchema = z.object({ deploys: z.array(deploySchema) }).meta({ id: 'DeployList' });
/** `GET /api/v1/deploys/{id}/samples`. */
export const sampleListSchema = z.object({ samples: z.array(sampleSchema) }).meta({ id: 'WatchSampleList' });
/** `GET /api/v1/incidents`. */
export const incidentListSchema = z
  .object({ incidents: z.array(incidentSchema) })
  .meta({ id: 'IncidentList' });
/** `GET /api/v1/incidents/{id}/timeline`. */
export const timelineSchema = z.object({ timeline: z.array(timelineEntrySchema) }).meta({ id: 'Timeline' });

/** The query of `GET /api/v1/deploys`. */
export const deployQuerySchema = z.strictObject({
  service: z.string().min(1).max(100).optional().meta({ description: 'Only deploys of this service.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'At most this many, newest first (default: the door decides).' }),
});

/** A deploy id or incident id in the path. */
export const idParamsSchema = z.object({
  id: z.string().min(1).max(100).meta({ description: 'A deploy id or an incident id (INC-2026-0007).' }),
});

/** `POST /api/v1/deploys/{id}/recommendations`: advice a person reads; it changes nothing by itself. */
export const recommendationBodySchema = z
  .strictObject({
    action: z.enum(['continue', 'pause', 'rollback']),
    reasoning: z.string().trim().min(1).max(8_000),
    metrics: z
      .record(z.string().min(1).max(100), z.number())
      .optional()
      .meta({ description: 'The numbers the recommendation rests on, by metric name.' }),
  })
  .meta({ id: 'RecommendationRequest' });

/** `POST /api/v1/incidents/{id}/notes`. */
export const noteBodySchema = z
  .strictObject({ text: z.string().trim().min(1).max(4_000) })
  .meta({ id: 'NoteRequest' });

/** `POST /api/v1/alerts`: pages the on-call through the normal path. */
export const alertBodySchema = z
  .strictObject({
    service: z.string().min(1).max(100),
    summary: z.string().trim().min(1).max(1_000),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
  })
  .meta({ id: 'AlertRequest' });

/** `POST /api/v1/incidents/{id}/analysis`: attached to the post-incident report for people to review. */
export const analysisBodySchema = z
  .strictObject({ markdown: z.string().trim().min(1).max(60_000) })
  .meta({ id: 'AnalysisRequest' });

/** The body a forbidden route takes: anything, as the boundary refuses it before reading it. */
export const anyBodySchema = z.unknown().meta({ description: 'Not read: the boundary refuses the action.' });

/** What a recommendation answers (`201`). */
export const recommendationCreatedSchema = z.object({ id: z.string() }).meta({ id: 'RecommendationCreated' });
/** What a note, an alert or an analysis answers (`201`): the id of the event recorded. */
export const eventCreatedSchema = z.object({ id: z.int() }).meta({ id: 'EventCreated' });
