/** Shipgate's configuration model: typed value parsers, zod schemas, inferred types and cross-checks (pure). */
export * from './calendar-date.js';
export * from './config-issue.js';
export * from './cross-check-config.js';
export * from './distinct-approvers.js';
export * from './duration.js';
export * from './environment-policy-schema.js';
export * from './hour-range.js';
export * from './identifier-schemas.js';
export * from './percentage.js';
export * from './shipgate-config-schema.js';
export * from './threshold.js';
export * from './typed-value.js';
export * from './weekday.js';
