/** How long a Web API request may take before the client gives up on it, unless configured (`timeouts.slack`). */
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;
