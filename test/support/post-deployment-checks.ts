import type { EnvironmentPolicy } from '../../src/core/config/environment-policy-schema.js';

/**
 * A policy whose post-deployment checks are only those a test's watch binds (`config check` refuses the others;
 * the tests build their configs in code, past it). Which ones a test keeps is part of what it tests.
 */
export function keepPostDeployment(policy: EnvironmentPolicy, names: readonly string[]): EnvironmentPolicy {
  return {
    ...policy,
    validation: {
      ...policy.validation,
      post_deployment: policy.validation.post_deployment.filter((c) => names.includes(c.name)),
    },
  };
}
