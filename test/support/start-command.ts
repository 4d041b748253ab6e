/**
 * How the production artifact starts, from the package root: the Dockerfile's CMD, the systemd unit's ExecStart
 * (with node's absolute path) and the built-artifact test all use this one command; tests check each against it.
 */
export const START_COMMAND = ['node', 'dist/main.js'] as const;
