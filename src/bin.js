#!/usr/bin/env node
// Entry point of `npx shipgate …`: the built CLI (dist/cli.js, from `npm run build`) when there is one, so the
// production artifact needs no tsx; otherwise the TypeScript sources through tsx (a development dependency).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
