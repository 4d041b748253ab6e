import {
  type EnvironmentPolicy,
  environmentPolicySchema,
} from '../../../../src/core/config/environment-policy-schema.js';

/** The chapter's production-deployment.yml (section 3.4), as the YAML reader hands it to the schema. */
const PRODUCTION = {
  environment: 'production',
  deployment_strategy: 'blue-green',
  approval: {
    required: true,
    approvers: ['team-lead', 'on-call-engineer'],
    timeout: '30m',
    escalation_on_timeout: 'engineering-lead',
  },
  validation: {
    pre_deployment: [
      { smoke_tests: 'required' },
      { integration_tests: 'required' },
      { security_scan: 'required' },
      { performance_baseline: 'required' },
    ],
    post_deployment: [{ health_checks: 'required' }, { smoke_tests: 'required' }],
  },
  rollback: {
    automatic: true,
    triggers: [{ health_check_failures: 3 }, { error_rate_increase: '10%' }, { latency_increase: '50%' }],
    timeout: '5m',
    notification: ['slack', 'pagerduty', 'email'],
  },
  monitoring: { duration: '30m', metrics: ['error_rate', 'latency_p99'] },
  change_window: {
    allowed_days: ['tuesday', 'wednesday', 'thursday'],
    allowed_hours: ['10:00-16:00'],
    blackout_periods: ['holidays', 'end_of_month', 'major_events'],
  },
};

/** Parses a policy: the production one, with top-level keys replaced as a test needs. */
export function policy(overrides: Record<string, unknown> = {}): EnvironmentPolicy {
  return environmentPolicySchema.parse({ ...PRODUCTION, ...overrides });
}

/** A staging policy: no approval, rolling, no change window. */
export const STAGING = policy({
  environment: 'staging',
  deployment_strategy: 'rolling',
  approval: { required: false, approvers: [] },
  rollback: { automatic: true, triggers: [], timeout: '15m' },
  change_window: undefined,
});
