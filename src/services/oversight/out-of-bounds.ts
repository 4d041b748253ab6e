import type { Actor } from '../../core/actor.js';
import type { Runtime } from '../runtime.js';
import { type Admission, admitActor } from './admit.js';

/**
 * An attempt to change configuration through Shipgate. Configuration changes only through reviewed commits to
 * the config files (chapter 2.2: "without review"), so nothing here ever changes it: bots and agents are refused
 * by the boundary (rule `OB-CONFIG-1`, recorded), and anyone else is told where configuration is changed.
 */
export async function changeConfigThroughShipgate(rt: Runtime, actor: Actor): Promise<Admission> {
  return await admitActor(rt, actor, 'config.change', 'config');
}

/** An attempt to read secrets: refused to everyone by the boundary (rule `OB-SECRET-1`) and recorded. */
export async function readSecretsThroughShipgate(rt: Runtime, actor: Actor): Promise<Admission> {
  return await admitActor(rt, actor, 'secrets.read', 'secrets');
}
