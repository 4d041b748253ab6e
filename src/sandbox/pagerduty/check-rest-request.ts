import type { IncomingHttpHeaders } from 'node:http';
import { argumentError, type RestFailure, unauthorized } from './rest-errors.js';
import type { OperationRules, QueryParamRule } from './rest-spec.js';

/** A query value after checking: text, integer, boolean or date, by the parameter's spec type. */
export type QueryValue = string | number | boolean | Date;

/** The checked query of a request: each parameter's values in order (one for scalar parameters). */
export class CheckedQuery {
  constructor(private readonly values: ReadonlyMap<string, readonly QueryValue[]>) {}

  /** Every value of a repeated (`name[]`) parameter, or `[]`. */
  list(name: string): string[] {
    return (this.values.get(name) ?? []).map(String);
  }

  /** The value of a scalar parameter, if given. */
  one(name: string): QueryValue | undefined {
    return this.values.get(name)?.[0];
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function parseValue(rule: QueryParamRule, raw: string): QueryValue | string[] {
  if (rule.enumValues && !rule.enumValues.includes(raw)) {
    return [`${rule.name} must be one of ${rule.enumValues.join(', ')} (got '${raw}')`];
  }
  switch (rule.kind) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : [`${rule.name} must be an integer (got '${raw}')`];
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return [`${rule.name} must be true or false (got '${raw}')`];
    case 'date-time': {
      const ms = Date.parse(raw);
      if (ISO_DATE_TIME.test(raw) && Number.isFinite(ms)) return new Date(ms);
      return [`${rule.name} must be an ISO 8601 date-time (got '${raw}')`];
    }
    case 'tzinfo':
      return isTimeZone(raw) ? raw : [`${rule.name} must be a tz database time zone (got '${raw}')`];
    case 'string':
      return raw;
  }
}

function checkQuery(rules: OperationRules, params: URLSearchParams): CheckedQuery | RestFailure {
  const problems: string[] = [];
  const values = new Map<string, QueryValue[]>();
  for (const [name, raw] of params) {
    const rule = rules.query.get(name);
    if (!rule) {
      const known = [...rules.query.keys()].join(', ');
      problems.push(`Unknown query parameter '${name}' for ${rules.operationId} (accepted: ${known})`);
      continue;
    }
    const seen = values.get(name) ?? [];
    if (seen.length > 0 && !rule.repeated) {
      problems.push(`${name} may be given only once`);
      continue;
    }
    const parsed = parseValue(rule, raw);
    if (Array.isArray(parsed)) problems.push(...parsed);
    else values.set(name, [...seen, parsed]);
  }
  return problems.length > 0 ? argumentError(...problems) : new CheckedQuery(values);
}

function mediaTypes(header: string): string[] {
  return header.split(',').map((t) => t.replace(/\s+/g, '').toLowerCase());
}

/**
 * Checks a REST request as PagerDuty would, in PagerDuty's order: credentials first (`Authorization` must match the
 * spec's pattern and carry the configured token, else 401), then the versioning `Accept` header, the
 * `Content-Type` (when one is sent) and the query parameters — names, repetition, types and enums from the spec
 * (400 ArgumentError). The stand-in is stricter than PagerDuty on unknown parameter names, which PagerDuty
 * ignores: a misspelt filter such as `schedule_ids` (without `[]`) would otherwise silently return every on-call.
 */
export function checkRestRequest(
  rules: OperationRules,
  auth: { readonly pattern: RegExp; readonly token: string },
  headers: IncomingHttpHeaders,
  params: URLSearchParams,
): CheckedQuery | RestFailure {
  const authorization = headers.authorization;
  if (!authorization) return unauthorized('Missing Authorization header');
  if (!auth.pattern.test(authorization)) {
    return unauthorized(`Authorization header must match ${auth.pattern.source}`);
  }
  const presented = authorization.replace(/^(Token token=|Bearer )/, '');
  if (presented !== auth.token) return unauthorized('Unknown API token');

  const expectedAccept = rules.accept.replace(/\s+/g, '').toLowerCase();
  const accept = headers.accept;
  if (!accept || !mediaTypes(accept).includes(expectedAccept)) {
    return argumentError(`Accept header must be ${rules.accept} (got '${accept ?? ''}')`);
  }
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!rules.contentTypes.includes(media)) {
      return argumentError(
        `Content-Type must be one of ${rules.contentTypes.join(', ')} (got '${contentType}')`,
      );
    }
  }
  return checkQuery(rules, params);
}
