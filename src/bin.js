#!/usr/bin/env node
// Entry point of `npx shipgate …`: runs the TypeScript CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
