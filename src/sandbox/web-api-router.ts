import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, FaultInjector } from './fault-injector.js';
import { delayUnlessClosed, readBody, sendJson, sendText } from './http-io.js';
import {
  type ApiResult,
  type Args,
  fail,
  failWithMessages,
  isAllowedError,
  type MethodHandler,
} from './method-kit.js';
import { chatMethods } from './methods/chat-methods.js';
import { conversationDirectoryMethods } from './methods/conversation-directory-methods.js';
import { conversationMethods } from './methods/conversation-methods.js';
import { fileMethods } from './methods/file-methods.js';
import { itemMethods } from './methods/item-methods.js';
import { userMethods } from './methods/user-methods.js';
import { viewMethods } from './methods/view-methods.js';
import { type ParsedRequest, parseArgs } from './parse-args.js';
import type { MethodSpec } from './spec-loader.js';
import type { WorkspaceState } from './workspace-state.js';

/** One Web API call as the stand-in saw it (token removed from `args`). */
export interface RecordedCall {
  readonly method: string;
  readonly args: Args;
  readonly ok: boolean;
  readonly error?: string;
  readonly status: number;
  readonly at: Date;
}

/** Every Web API method the stand-in implements. */
export const METHOD_HANDLERS: Readonly<Record<string, MethodHandler>> = {
  ...chatMethods,
  ...conversationMethods,
  ...conversationDirectoryMethods,
  ...userMethods,
  ...itemMethods,
  ...viewMethods,
  ...fileMethods,
};

/** Which error a missing required argument produces, when the method's spec has it (else `missing_argument`). */
const MISSING_ARG_ERRORS: Readonly<Record<string, readonly string[]>> = {
  channel: ['channel_not_found'],
  channel_id: ['channel_not_found'],
  user: ['user_not_found'],
  users: ['no_user'],
  name: ['invalid_name_required', 'invalid_name'],
  timestamp: ['no_item_specified', 'bad_timestamp'],
  ts: ['message_not_found'],
  message_ts: ['message_not_found'],
  email: ['users_not_found'],
  usergroup: ['no_such_subteam'],
  type: ['invalid_bookmark_type'],
};

/** What the router needs from the stand-in. */
export interface WebApiRouterOptions {
  readonly state: WorkspaceState;
  readonly specs: ReadonlyMap<string, MethodSpec>;
  readonly faults: FaultInjector;
  readonly baseUrl: () => string;
  readonly onCall: (call: RecordedCall) => void;
  /** Extra methods served by other parts of the stand-in (e.g. apps.connections.open for Socket Mode). */
  readonly extraHandlers?: Readonly<Record<string, MethodHandler>>;
}

/** Checks provided arguments against the spec's `maxLength`, `enum` and integer types. */
function schemaProblems(spec: MethodSpec, args: Args): string[] {
  const problems: string[] = [];
  for (const [name, arg] of Object.entries(spec.properties)) {
    const value = args[name];
    if (value === undefined || name === 'token') continue;
    if (typeof value === 'string' && arg.maxLength !== undefined && value.length > arg.maxLength) {
      problems.push(`[ERROR] must be less than ${arg.maxLength + 1} characters [json-pointer:/${name}]`);
    }
    if (arg.enum && !arg.enum.includes(String(value))) {
      problems.push(`[ERROR] must be one of ${arg.enum.join(', ')} [json-pointer:/${name}]`);
    }
    if (arg.type === 'integer' && !/^-?\d+$/.test(String(value))) {
      problems.push(`[ERROR] must be an integer [json-pointer:/${name}]`);
    }
  }
  return problems;
}

/**
 * Serves `POST /api/<method>` like slack.com: parses form, JSON or multipart bodies, applies injected faults,
 * checks the token, the spec's required arguments and argument schema, runs the method and records the call.
 * A handler answering with an error its spec does not list is a stand-in bug and fails loudly (HTTP 500).
 */
export class WebApiRouter {
  private readonly handlers: Readonly<Record<string, MethodHandler>>;

  constructor(private readonly options: WebApiRouterOptions) {
    this.handlers = { ...METHOD_HANDLERS, ...options.extraHandlers };
  }

  /** True when `method` has both a spec and an implementation. */
  knows(method: string): boolean {
    return this.options.specs.has(method) && Object.hasOwn(this.handlers, method);
  }

  /** Handles one request for `method`. */
  async handle(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = await parseArgs(req, await readBody(req));
    const { token, ...args } = parsed.args;
    const record = (status: number, result: ApiResult) =>
      this.options.onCall({
        method,
        args,
        ok: result.ok,
        status,
        at: new Date(),
        ...(result.error !== undefined ? { error: result.error } : {}),
      });
    const spec = this.options.specs.get(method);
    const handler = this.handlers[method];
    if (!spec || !handler || !this.knows(method)) {
      const result = fail('unknown_method', { req_method: method });
      record(200, result);
      return sendJson(res, 200, result);
    }
    const fault = this.options.faults.take(method, args);
    if (fault && (await this.applyFault(fault, res, record))) return;
    const result = this.run(spec, handler, parsed, token);
    if (!result.ok && !isAllowedError(spec.errors, result.error ?? '')) {
      record(500, result);
      return sendText(res, 500, `stand-in bug: ${method} answered ${result.error}, not in its spec`);
    }
    record(200, result);
    if (fault && 'afterApply' in fault) {
      if (fault.afterApply === 'drop') res.socket?.destroy();
      return;
    }
    sendJson(res, 200, result);
  }

  private run(
    spec: MethodSpec,
    handler: MethodHandler,
    parsed: ParsedRequest,
    bodyToken: unknown,
  ): ApiResult {
    const { state } = this.options;
    const bearer = parsed.bearer ?? (parsed.isJson ? undefined : bodyToken);
    if (typeof bearer !== 'string' || bearer === '') return fail('not_authed');
    const appLevel = spec.name === 'apps.connections.open';
    if (bearer !== (appLevel ? state.identity.appToken : state.identity.botToken)) {
      return fail(
        !appLevel && bearer === state.identity.appToken ? 'not_allowed_token_type' : 'invalid_auth',
      );
    }
    if (parsed.invalid) return fail(parsed.invalid);
    const { token: _token, ...args } = parsed.args;
    for (const name of spec.required) {
      if (args[name] === undefined || args[name] === '') {
        const candidates = MISSING_ARG_ERRORS[name] ?? [];
        return fail(candidates.find((c) => spec.errors.has(c)) ?? 'missing_argument', { arg: name });
      }
    }
    const problems = schemaProblems(spec, args);
    if (problems.length > 0) return failWithMessages('invalid_arguments', problems);
    const ctx = {
      state,
      caller: state.identity.botUserId,
      baseUrl: this.options.baseUrl(),
      errors: spec.errors,
    };
    return handler(args, ctx);
  }

  private async applyFault(
    fault: Fault,
    res: ServerResponse,
    record: (status: number, result: ApiResult) => void,
  ): Promise<boolean> {
    if ('delayMs' in fault) return delayUnlessClosed(fault.delayMs, res);
    if ('afterApply' in fault) return false;
    if ('error' in fault) {
      const result = fail(fault.error);
      record(200, result);
      sendJson(res, 200, result);
    } else if (fault.status === 429) {
      const result = fail('ratelimited');
      record(429, result);
      sendJson(res, 429, result, { 'Retry-After': String(fault.retryAfter) });
    } else {
      record(500, fail('internal_error'));
      sendText(res, 500, 'Internal Server Error');
    }
    return true;
  }
}
