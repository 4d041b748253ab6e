import {
  type AnyMiddlewareArgs,
  type App,
  type Middleware,
  onlyActions,
  onlyCommands,
  onlyEvents,
  onlyOptions,
  onlyShortcuts,
  onlyViewActions,
} from '@slack/bolt';

type Args = Record<string, unknown>;

/** What each of Bolt's `only*` middleware checks before it lets a request through to the rest of its listener. */
const GATES = new Map<unknown, (args: Args) => boolean>([
  [onlyActions, (args) => 'action' in args && Boolean(args.action)],
  [onlyShortcuts, (args) => 'shortcut' in args && Boolean(args.shortcut)],
  [onlyCommands, (args) => 'command' in args && Boolean(args.command)],
  [onlyOptions, (args) => 'options' in args && Boolean(args.options)],
  [onlyEvents, (args) => 'event' in args && args.event !== undefined],
  [onlyViewActions, (args) => 'view' in args],
]);

/**
 * Global Bolt middleware, registered last, that spares each request the middleware chains of listeners for other
 * kinds of request. Bolt runs every registered listener's chain for every request, and each chain's first step
 * (`onlyCommands`, `onlyActions`, …) stops the ones of another kind; with a dozen listeners that is most of Bolt's
 * cost per request. This hands Bolt only the listeners whose first step would let the request through, for the
 * synchronous moment in which `next()` reaches Bolt's dispatch, then puts the full list back (with any listener
 * registered meanwhile). Listeners of any other shape are always kept, so which listeners run is exactly what Bolt
 * would run.
 */
export function listenerPrefilter(app: App): Middleware<AnyMiddlewareArgs> {
  const bolt = app as unknown as { listeners?: unknown };
  return async (args) => {
    const all = bolt.listeners;
    if (!Array.isArray(all)) return args.next();
    const kept = all.filter((listener: unknown) => {
      const gate = Array.isArray(listener) ? GATES.get(listener[0]) : undefined;
      return gate === undefined || gate(args as unknown as Args);
    });
    const count = kept.length;
    bolt.listeners = kept;
    let dispatched: Promise<void>;
    try {
      dispatched = args.next();
    } finally {
      bolt.listeners = all;
      if (kept.length > count) all.push(...kept.slice(count));
    }
    await dispatched;
  };
}
