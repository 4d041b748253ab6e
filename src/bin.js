#!/usr/bin/env node
// Entry point of `npx shipgate …`: the built CLI (dist/cli.js, from `npm run build`) when there is one, so the
// production artifact needs no tsx; otherwise the TypeScript sources through tsx (a development dependency).
// SHIPGATE_FROM_SOURCE=1 picks the sources where they are (the test suite sets it, so a stale dist/ left by an
// earlier `npm run build` in a checkout is never what the tests run).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
const fromSource =
  process.env.SHIPGATE_FROM_SOURCE === '1' && existsSync(new URL('./cli.ts', import.meta.url));
if (existsSync(built) && !fromSource) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
