import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotClient, type BotEndpoint, type BotReply, type DeliveryOptions } from './bot-client.js';
import {
  BotInteractions,
  type ClickInput,
  type CloseViewInput,
  type CommandInput,
  type InteractionResult,
  type ShortcutInput,
  type SubmitViewInput,
  type ViewSubmissionResult,
} from './bot-interactions.js';
import { type ClickByValueInput, clickByValue } from './click-by-value.js';
import { EventDeliveries, type MentionInput, type ReactionInput } from './event-deliveries.js';
import { type Fault, type FaultFilter, FaultInjector } from './fault-injector.js';
import { isAllowedError, ok } from './method-kit.js';
import { type ResponsePost, ResponseUrls } from './response-urls.js';
import { type QuietOptions, type SayTranscript, sayAsUser } from './say-transcript.js';
import { seedDemoWorkspace } from './seed-demo-workspace.js';
import { SocketModeServer } from './socket-mode-server.js';
import { loadMethodSpecs, type MethodSpec } from './spec-loader.js';
import { routeStandInRequest } from './stand-in-http.js';
import type { SlackStandInOptions } from './stand-in-options.js';

export type { SlackStandInOptions } from './stand-in-options.js';

import { type WaitForOptions, type WaitPredicate, waitFor } from './wait-for.js';
import { type RecordedCall, WebApiRouter } from './web-api-router.js';
import { DEFAULT_IDENTITY, WorkspaceState } from './workspace-state.js';
import type { JsonObject, StoredMessage, StoredView } from './workspace-types.js';

/**
 * A loopback HTTP server that plays Slack for Shipgate: the Web API at `/api/<method>` (checked against the
 * method specs, with real workspace state and fault injection) and the Slack-towards-the-bot side (signed slash
 * commands, button clicks built from posted blocks, view submissions, shortcuts, events, response_urls), over
 * HTTP to the bot's endpoint or, when a Socket Mode client has connected, over its WebSocket.
 */
export class SlackStandIn {
  readonly state: WorkspaceState;
  /** Every Web API call, in order. */
  readonly calls: RecordedCall[] = [];
  private readonly specs: Map<string, MethodSpec>;
  private readonly faults = new FaultInjector();
  private readonly socketMode: SocketModeServer;
  private readonly bot: BotClient;
  private readonly responses: ResponseUrls;
  private readonly interactions: BotInteractions;
  private readonly events: EventDeliveries;
  private readonly router: WebApiRouter;
  private readonly activity = new EventEmitter();
  private readonly server: Server;
  private lastActivityMs = 0;
  private baseUrl = '';

  private constructor(private readonly options: SlackStandInOptions) {
    this.specs = loadMethodSpecs(options.specsDir);
    this.state = new WorkspaceState({ ...DEFAULT_IDENTITY, ...options.identity }, options.clock);
    this.socketMode = new SocketModeServer(this.state, () => this.baseUrl);
    this.bot = new BotClient(this.socketMode);
    this.responses = new ResponseUrls(
      this.state,
      () => this.baseUrl,
      () => this.touch(),
    );
    this.interactions = new BotInteractions(this.state, this.bot, this.responses);
    this.events = new EventDeliveries(this.state, this.bot);
    const onCall = (call: RecordedCall) => {
      this.calls.push(call);
      this.touch();
    };
    const { state, specs, faults } = this;
    const extraHandlers = { 'apps.connections.open': () => ok({ url: this.socketMode.openUrl() }) };
    this.router = new WebApiRouter({
      state,
      specs,
      faults,
      baseUrl: () => this.baseUrl,
      onCall,
      extraHandlers,
    });
    this.activity.setMaxListeners(0);
    const routes = {
      state,
      router: this.router,
      responses: this.responses,
      botConnected: () => this.bot.connected,
      say: (input: { user: string; text: string; channel?: string }) => this.say(input),
      click: (input: ClickByValueInput) => this.click(input),
      touch: () => this.touch(),
    };
    this.server = createServer((req, res) => void routeStandInRequest(routes, req, res));
    this.server.on('upgrade', (req, socket, head) => void this.socketMode.handleUpgrade(req, socket, head));
    if (options.seed) this.seedDemoWorkspace();
  }

  /** Starts a stand-in on loopback and resolves once it listens. */
  static async start(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(options);
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = standIn.server.address() as AddressInfo;
    standIn.baseUrl = `http://${address.address}:${address.port}`;
    return standIn;
  }

  /** `http://127.0.0.1:PORT` */
  get url(): string {
    return this.baseUrl;
  }

  /** The Web API base URL to give a WebClient / Bolt as `slackApiUrl` (`http://127.0.0.1:PORT/api/`). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** How many Socket Mode connections are open (one per replica in Socket Mode). */
  get socketConnections(): number {
    return this.socketMode.connections;
  }

  /** Adds the demo people, bots, channels and user groups (see `seedDemoWorkspace`). */
  seedDemoWorkspace(): void {
    seedDemoWorkspace(this.state);
  }

  /** Tells the stand-in where the bot listens and the secret to sign requests with. */
  connectBot(endpoint: BotEndpoint): void {
    this.bot.connect(endpoint);
  }

  /**
   * Makes `method` fail with `fault` for its next `times` calls (default: until `clearFaults`), only for the calls
   * whose arguments `when` picks when given.
   */
  failMethod(method: string, fault: Fault, options: { times?: number; when?: FaultFilter } = {}): void {
    const spec = this.specs.get(method);
    if (method !== '*' && !this.router.knows(method))
      throw new Error(`the stand-in does not serve ${method}`);
    if ('error' in fault && spec && !isAllowedError(spec.errors, fault.error)) {
      throw new Error(`${method} cannot answer ${fault.error}: not in its spec's errors`);
    }
    this.faults.add(method, fault, options.times, options.when);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** The recorded calls to one method. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages in a channel (id or name), oldest first; with `user`, only what that user can see. */
  messages(channel: string, options: { user?: string } = {}): StoredMessage[] {
    const found = this.state.findChannel(channel);
    if (!found) throw new Error(`unknown channel ${channel}`);
    return this.state.messagesIn(found.id).filter((m) => !m.ephemeralFor || m.ephemeralFor === options.user);
  }

  /** Everything the bot posted to a response_url so far (live list). */
  responsesTo(responseUrl: string): readonly ResponsePost[] {
    return this.responses.get(responseUrl)?.posts ?? [];
  }

  /** Sends a signed slash command; see `BotInteractions.command`. */
  command(input: CommandInput): Promise<InteractionResult> {
    return this.interactions.command(input);
  }

  /** Clicks an element of a posted message; see `BotInteractions.clickButton`. */
  clickButton(input: ClickInput): Promise<InteractionResult> {
    return this.interactions.clickButton(input);
  }

  /** Runs a message shortcut; see `BotInteractions.messageShortcut`. */
  messageShortcut(input: ShortcutInput): Promise<InteractionResult> {
    return this.interactions.messageShortcut(input);
  }

  /** Submits an open modal; see `BotInteractions.submitView`. */
  submitView(input: SubmitViewInput): Promise<ViewSubmissionResult> {
    return this.interactions.submitView(input);
  }

  /** Cancels an open modal, sending `view_closed` when the bot asked for it; see `BotInteractions.closeView`. */
  closeView(input: CloseViewInput): Promise<{ status: number | null; view: StoredView | undefined }> {
    return this.interactions.closeView(input);
  }

  /**
   * Calls `listener` after every change the stand-in sees (each Web API call, response_url post, ack message and
   * gesture); returns the unsubscribe function. The web console pushes its live updates from here.
   */
  onActivity(listener: () => void): () => void {
    this.activity.on('activity', listener);
    return () => void this.activity.off('activity', listener);
  }

  /** Sends an Events API event; see `EventDeliveries.sendEvent`. */
  sendEvent(event: JsonObject, options: DeliveryOptions & { eventId?: string } = {}): Promise<BotReply> {
    return this.events.sendEvent(event, options);
  }

  /** A person reacts to a message; see `EventDeliveries.addReaction`. */
  addReaction(input: ReactionInput): Promise<BotReply> {
    return this.events.addReaction(input);
  }

  /** A person mentions the bot; see `EventDeliveries.mention`. */
  mention(input: MentionInput): Promise<{ ts: string; reply: BotReply }> {
    return this.events.mention(input);
  }

  /** Sends a slash command typed as text (`/deploy help`) and returns what the user saw once the bot went quiet. */
  say(input: { user: string; text: string; channel?: string }): Promise<SayTranscript> {
    return sayAsUser(this.state, this.interactions, input, this.quiet());
  }

  /**
   * Clicks, as `user`, the button with this `value` (and action_id `action` or `….action`) on the most recent
   * message holding one, and returns what the user saw once the bot went quiet; see `clickByValue`.
   */
  click(input: ClickByValueInput): Promise<SayTranscript> {
    return clickByValue(this.state, this.interactions, input, this.quiet(input.quietMs));
  }

  /** Waits until `predicate` returns something truthy, re-checking on every Web API call and response_url post. */
  waitFor<T>(predicate: WaitPredicate<T>, options?: WaitForOptions): Promise<T> {
    const subscribe = (listener: () => void) => {
      this.activity.on('activity', listener);
      return () => void this.activity.off('activity', listener);
    };
    return waitFor(predicate, subscribe, options);
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** How `say` and `click` wait for the bot; a longer `quietMs` also stretches the cap to three times it. */
  private quiet(quietMs = this.options.quietMs ?? 300): QuietOptions {
    return {
      quietMs,
      maxMs: Math.max(this.options.sayTimeoutMs ?? 10_000, 3 * quietMs),
      lastActivity: () => this.lastActivityMs,
    };
  }

  private touch(): void {
    this.lastActivityMs = performance.now();
    this.activity.emit('activity');
  }
}
