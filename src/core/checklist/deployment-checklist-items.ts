/** The four parts of the chapter's production deployment checklist (9.1). */
export const CHECKLIST_SECTIONS = ['Pre-Deployment', 'Deployment', 'Post-Deployment', 'Sign-Off'] as const;
/** One part of the deployment checklist. */
export type ChecklistSection = (typeof CHECKLIST_SECTIONS)[number];

/**
 * Who may tick an item by hand: `anyone` is the requester, an approver or a member of a configured role;
 * `requester_or_role` adds the named role; `on_call` is the deploy's on-call or the on-call role.
 */
export type TickRule =
  | { readonly kind: 'anyone' }
  | { readonly kind: 'requester_or_role'; readonly role: string }
  | { readonly kind: 'on_call' }
  | { readonly kind: 'role_or_anyone'; readonly role: string };

/** One item of the deployment checklist; `known` items are ticked by Shipgate from its records when it can. */
export interface ChecklistItemDef {
  readonly id: string;
  readonly section: ChecklistSection;
  readonly text: string;
  readonly known: boolean;
  readonly tick: TickRule;
}

const anyone: TickRule = { kind: 'anyone' };

function item(section: ChecklistSection, id: string, text: string, known: boolean, tick = anyone) {
  return { id, section, text, known, tick } satisfies ChecklistItemDef;
}

/**
 * The chapter's 9.1 production deployment checklist, item by item. Shipgate ticks what its records prove (the
 * version, the changelog, validations, readiness, approvals, the change window, on-call, the rollback plan, the
 * strategy's steps, the incident channel, the watch and the tag); people tick the rest in the deploy thread. A
 * known item Shipgate cannot decide (no watch configured, no readiness gate) may be ticked by a person instead.
 */
export const DEPLOYMENT_CHECKLIST: readonly ChecklistItemDef[] = [
  item('Pre-Deployment', 'version_determined', 'Version determined (MAJOR/MINOR/PATCH)', true),
  item('Pre-Deployment', 'changelog_generated', 'Changelog generated and reviewed', true),
  item('Pre-Deployment', 'tests_pass', 'All tests pass (unit, integration, e2e)', true),
  item('Pre-Deployment', 'security_scan', 'Security scan passes', true),
  item('Pre-Deployment', 'performance_baseline', 'Performance baseline met', true),
  item('Pre-Deployment', 'readiness_complete', 'Production readiness checklist complete', true),
  item('Pre-Deployment', 'approvers_confirmed', 'Approvers confirmed', true),
  item('Pre-Deployment', 'change_window_verified', 'Change window verified', true),
  item('Pre-Deployment', 'on_call_scheduled', 'On-call engineer scheduled', true),
  item('Pre-Deployment', 'rollback_reviewed', 'Rollback procedure reviewed', true),
  item('Deployment', 'strategy_executed', 'Deployment strategy executed (blue-green/canary)', true),
  item('Deployment', 'dashboards_open', 'Monitoring dashboards open', false),
  item('Deployment', 'incident_channel', 'Incident channel created', true),
  item('Deployment', 'stakeholders_notified', 'Stakeholders notified', false),
  item('Deployment', 'agent_monitoring', 'AI Agent monitoring enabled', false),
  item('Post-Deployment', 'health_checks_window', 'Health checks pass for the watch window', true),
  item('Post-Deployment', 'business_metrics_stable', 'Business metrics stable', true),
  item('Post-Deployment', 'support_tickets', 'No increase in support tickets', false),
  item('Post-Deployment', 'alerts_verified', 'Monitoring alerts verified', false),
  item('Post-Deployment', 'documentation_updated', 'Documentation updated', false),
  item('Post-Deployment', 'release_tagged', 'Release tagged in git', true),
  item('Post-Deployment', 'completion_notified', 'Stakeholders notified of completion', false),
  item('Sign-Off', 'signoff_deployment_lead', 'Deployment Lead', false, {
    kind: 'requester_or_role',
    role: 'release-manager',
  }),
  item('Sign-Off', 'signoff_on_call', 'On-Call Engineer', false, { kind: 'on_call' }),
  item('Sign-Off', 'signoff_product_owner', 'Product Owner', false, {
    kind: 'role_or_anyone',
    role: 'product-owner',
  }),
];
