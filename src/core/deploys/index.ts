/** The pure deploy domain: versions, approvals, change windows, the deploy lifecycle, strategy plans and ids. */
export * from './approval-policy.js';
export * from './approval-summary.js';
export * from './change-calendar.js';
export * from './change-window.js';
export * from './choose-approver-role.js';
export * from './deploy-id.js';
export * from './deploy-plan.js';
export * from './deploy-ports.js';
export * from './deploy-state-machine.js';
export * from './deploy-types.js';
export * from './evaluate-approval.js';
export * from './local-time.js';
export * from './strategy-plan.js';
export * from './versioning.js';
