/** The Slack stand-in's public surface: what tests, the benchmark, the sandbox and the CLI import. */

export type { ViewInput } from './block-search.js';
export type { BotEndpoint, BotReply, DeliveryOptions } from './bot-client.js';
export type {
  ClickInput,
  CloseViewInput,
  CommandInput,
  InteractionResult,
  ShortcutInput,
  SubmitViewInput,
  ViewSubmissionResult,
} from './bot-interactions.js';
export type { MentionInput, ReactionInput } from './event-deliveries.js';
export type { Fault } from './fault-injector.js';
export type { ResponsePost } from './response-urls.js';
export type { SayTranscript } from './say-transcript.js';
export {
  DEMO_APP_USER_ID,
  DEMO_CHANNELS,
  DEMO_PEOPLE,
  DEMO_ROBOT_ID,
  seedDemoWorkspace,
} from './seed-demo-workspace.js';
export { type SlackSignatureHeaders, signSlackRequest } from './sign-request.js';
export { SlackStandIn, type SlackStandInOptions } from './slack-stand-in.js';
export { defaultSpecsDir, loadMethodSpecs } from './spec-loader.js';
export type { RecordedCall } from './web-api-router.js';
export { DEFAULT_IDENTITY, TRIGGER_TTL_MS, WorkspaceState } from './workspace-state.js';
export type { StoredMessage, StoredView, WorkspaceIdentity } from './workspace-types.js';
