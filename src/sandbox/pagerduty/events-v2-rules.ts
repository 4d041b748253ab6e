import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The vendored Events API v2 OpenAPI document (PagerDuty/api-schema `reference/events-v2/openapiv3.json`). */
export const DEFAULT_EVENTS_SPEC_PATH = fileURLToPath(
  new URL('./specs/events-v2-openapiv3.json', import.meta.url),
);

/**
 * Limits the spec does not state but PagerDuty/developer-docs `docs/events-API-v2/02-Trigger-Events.md` does:
 * "32 character Integration Key", dedup_key "maximum permitted length … 255", summary "… 1024"; the alphanumeric
 * rule and the error texts are PagerDuty's own answers as quoted in envato/pagerduty#70 and
 * blockpane/tenderduty#10.
 */
export const EVENTS_LIMITS = { routingKeyLength: 32, dedupKeyMax: 255, summaryMax: 1024 } as const;

/** The rules of `POST /v2/enqueue` read from the spec. */
export interface EnqueueRules {
  readonly required: readonly string[];
  readonly eventActions: readonly string[];
  readonly payloadRequired: readonly string[];
  readonly severities: readonly string[];
  readonly linkRequired: readonly string[];
  readonly imageRequired: readonly string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Reads the enqueue rules (required fields and enums) from the Events API v2 spec. */
export function loadEnqueueRules(path: string = DEFAULT_EVENTS_SPEC_PATH): EnqueueRules {
  const doc = obj(JSON.parse(readFileSync(path, 'utf8')));
  const op = obj(obj(obj(doc.paths)['/enqueue']).post);
  const body = obj(obj(obj(obj(op.requestBody).content)['application/json']).schema);
  const schemas = obj(obj(doc.components).schemas);
  const payload = obj(schemas.Payload);
  const rules: EnqueueRules = {
    required: strings(body.required),
    eventActions: strings(obj(obj(body.properties).event_action).enum),
    payloadRequired: strings(payload.required),
    severities: strings(obj(obj(payload.properties).severity).enum),
    linkRequired: strings(obj(obj(schemas.Links).items).required),
    imageRequired: strings(obj(obj(schemas.Images).items).required),
  };
  if (rules.eventActions.length === 0 || rules.severities.length === 0 || rules.required.length === 0) {
    throw new Error(`Events API v2 spec at ${path} lacks the enqueue schema`);
  }
  return rules;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkItems(name: string, value: unknown, required: readonly string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [`'${name}' must be an array`];
  return value.flatMap((item, i) =>
    required.filter((f) => blank(obj(item)[f])).map((f) => `'${name}[${i}].${f}' is missing or blank`),
  );
}

/**
 * Checks one Events API v2 event the way PagerDuty does and returns the problems (empty when valid): required
 * fields and enums from the spec, `dedup_key` required for acknowledge/resolve, `payload` with summary, source
 * and severity required for trigger, and the documented length limits.
 */
export function checkEnqueueEvent(rules: EnqueueRules, event: unknown): string[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return ['Event must be a JSON object'];
  }
  const e = event as Json;
  const problems = rules.required.filter((f) => blank(e[f])).map((f) => `'${f}' is missing or blank`);
  const key = e.routing_key;
  if (typeof key === 'string' && key !== '') {
    if (key.length !== EVENTS_LIMITS.routingKeyLength) {
      problems.push(
        `Length of 'routing_key' is incorrect (should be ${EVENTS_LIMITS.routingKeyLength} characters)`,
      );
    }
    if (!/^[A-Za-z0-9]+$/.test(key)) {
      problems.push("'routing_key' cannot contain non-alphanumeric characters.");
    }
  }
  const action = e.event_action;
  if (!blank(action) && !rules.eventActions.includes(String(action))) {
    problems.push(`'event_action' must be one of ${rules.eventActions.join(', ')} (got '${String(action)}')`);
  }
  if (e.dedup_key !== undefined && typeof e.dedup_key !== 'string') {
    problems.push("'dedup_key' must be a string");
  }
  if (typeof e.dedup_key === 'string' && e.dedup_key.length > EVENTS_LIMITS.dedupKeyMax) {
    problems.push(`'dedup_key' is longer than ${EVENTS_LIMITS.dedupKeyMax} characters`);
  }
  if ((action === 'acknowledge' || action === 'resolve') && blank(e.dedup_key)) {
    problems.push(`'dedup_key' is required for ${action} events`);
  }
  if (action === 'trigger') {
    if (typeof e.payload !== 'object' || e.payload === null) problems.push("'payload' is missing or blank");
    else {
      const p = e.payload as Json;
      problems.push(
        ...rules.payloadRequired.filter((f) => blank(p[f])).map((f) => `'payload.${f}' is missing or blank`),
      );
      if (!blank(p.severity) && !rules.severities.includes(String(p.severity))) {
        problems.push(
          `'payload.severity' must be one of ${rules.severities.join(', ')} (got '${String(p.severity)}')`,
        );
      }
      if (typeof p.summary === 'string' && p.summary.length > EVENTS_LIMITS.summaryMax) {
        problems.push(`'payload.summary' is longer than ${EVENTS_LIMITS.summaryMax} characters`);
      }
      if (
        p.custom_details !== undefined &&
        (typeof p.custom_details !== 'object' || p.custom_details === null)
      ) {
        problems.push("'payload.custom_details' must be an object");
      }
    }
  }
  problems.push(
    ...checkItems('links', e.links, rules.linkRequired),
    ...checkItems('images', e.images, rules.imageRequired),
  );
  return problems;
}
