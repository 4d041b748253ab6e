import type { RollbackRunbook } from '../../core/generators/rollback-runbook.js';
import { markdownCode, markdownInline, markdownProse } from './markdown-text.js';

function safe(text: string): string {
  return markdownProse(markdownInline(text));
}

function list(items: readonly string[], none: string, separator = ', '): string {
  return items.length === 0 ? none : items.map(safe).join(separator);
}

/** The values `templates/rollback-runbook.mustache` receives: config text made inert, commands as code spans. */
export function rollbackRunbookView(runbook: RollbackRunbook): Record<string, unknown> {
  return {
    service: safe(runbook.service),
    env: safe(runbook.env),
    strategy: safe(runbook.strategy),
    timeout: safe(runbook.timeout),
    automatic: runbook.automatic,
    monitoring_duration: safe(runbook.monitoringDuration),
    triggers: list(runbook.triggers, 'none configured', '; '),
    alerts:
      runbook.alerts.length === 0
        ? 'none configured'
        : runbook.alerts.map((a) => `${markdownCode(a.threshold)} (${safe(a.action)})`).join('; '),
    metrics: list(runbook.metrics, 'no metrics'),
    post_checks: list(runbook.postDeploymentChecks, 'none configured'),
    blue_green: runbook.strategy === 'blue-green',
    canary: runbook.strategy === 'canary',
    target_command: runbook.target === 'command',
    target_http: runbook.target === 'http',
    target_chapter: runbook.target === 'chapter',
    steps: runbook.steps.map((step) => ({
      label: safe(step.label),
      command: step.command === undefined ? '' : markdownCode(step.command),
      how: step.how === undefined ? '' : safe(step.how),
    })),
    has_placeholders: runbook.placeholders.length > 0,
    placeholders: runbook.placeholders.map((p) => ({
      name: markdownCode(`{${p.name}}`),
      meaning: safe(p.meaning),
    })),
    notifications: list(runbook.notifications, 'nobody (rollback.notification is empty)'),
    deploy_channel: safe(runbook.deployChannel),
    incident_channel: safe(runbook.incidentChannel),
    status_channel: safe(runbook.statusChannel),
    incident_severity: safe(runbook.incidentSeverity),
    status: markdownCode(runbook.shipgate.status),
    dry_run: markdownCode(runbook.shipgate.dryRun),
    rollback: markdownCode(runbook.shipgate.rollback),
    security: markdownCode(runbook.shipgate.security),
    declare: markdownCode(runbook.shipgate.declare),
    report: markdownCode(runbook.shipgate.report),
  };
}
