/**
 * Names every plain object answers to through `Object.prototype` (plus `prototype`, which functions carry): typed
 * as a flag, subcommand, service or role, each must be treated like any other unknown word.
 */
export const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'isPrototypeOf',
] as const;
