import type { ChecklistCheck } from '../../core/config/readiness-checklist-schema.js';

/** What one probe found: passed or not, a one-line summary and the tail of its output. */
export interface ProbeOutcome {
  readonly ok: boolean;
  readonly summary: string;
  readonly output: string;
  readonly timedOut: boolean;
}

/** The version a readiness check is about. */
export interface ProbeSubject {
  readonly service: string;
  readonly version: string;
  readonly env: string;
  readonly itemId: string;
}

/** Where a file of a service's repository was looked for. */
export type RepositoryFile =
  | { readonly kind: 'no_repository' }
  | { readonly kind: 'found'; readonly where: string }
  | { readonly kind: 'missing'; readonly where: string };

/**
 * How readiness checks reach outside Shipgate: a configured command (run like a validation, in the service's
 * repository folder), an HTTP GET, and a file in the service's repository work tree. Probes never throw.
 */
export interface ReadinessProbes {
  command(check: ChecklistCheck, subject: ProbeSubject, signal?: AbortSignal): Promise<ProbeOutcome>;
  http(check: ChecklistCheck, subject: ProbeSubject, signal?: AbortSignal): Promise<ProbeOutcome>;
  repositoryFile(service: string, path: string): Promise<RepositoryFile>;
}
