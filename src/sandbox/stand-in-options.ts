import type { Clock } from '../clock.js';
import type { WorkspaceIdentity } from './workspace-types.js';

/** How to start the stand-in. */
export interface SlackStandInOptions {
  /** Loopback address to listen on (default 127.0.0.1) and port (default 0: any free port). */
  readonly host?: string;
  readonly port?: number;
  /** Folder of Slack method specs (default: see `defaultSpecsDir`). */
  readonly specsDir?: string;
  /** Clock for message timestamps, trigger-id and response_url expiry (default: the wall clock). */
  readonly clock?: Clock;
  /** Overrides of the workspace/bot identity (default: T0SANDBOX, U0SHIPGATE/B0SHIPGATE, `xoxb-sandbox`). */
  readonly identity?: Partial<WorkspaceIdentity>;
  /** Seed the demo workspace (people, channels, user groups) at start. */
  readonly seed?: boolean;
  /** `say`: silence that counts as the bot having gone quiet (default 300 ms), and the cap (default 10 s). */
  readonly quietMs?: number;
  readonly sayTimeoutMs?: number;
}
