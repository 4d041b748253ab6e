import type { VNode } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, postJson } from './api.js';
import { Composer } from './composer.js';
import { ConfirmDialog } from './confirm-dialog.js';
import type {
  ConsoleDemoService,
  ConsoleMessage,
  ConsoleView,
  ConsoleWorkspace,
} from './console-api-types.js';
import { DemoControls } from './demo-controls.js';
import { EmptyState } from './empty-state.js';
import { type MessageGestures, MessageItem } from './message-item.js';
import { ModalDialog } from './modal-dialog.js';
import { Mrkdwn } from './render/mrkdwn.js';
import type { BlockAction, ConfirmObject, RenderContext } from './render/render-context.js';
import { useStickToBottom } from './use-stick-to-bottom.js';

/** The console: channels, the selected channel's messages, the composer, the user switcher and the dialogs. */
export function App(): VNode {
  const [workspace, setWorkspace] = useState<ConsoleWorkspace | null>(null);
  const [user, setUser] = useState('U0ALICE');
  const [channel, setChannel] = useState('C0DEPLOYS');
  const [messages, setMessages] = useState<ConsoleMessage[]>([]);
  const [view, setView] = useState<ConsoleView | null>(null);
  const [viewErrors, setViewErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<{ confirm: ConfirmObject; run: () => void } | null>(null);
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const [demo, setDemo] = useState<readonly ConsoleDemoService[]>([]);

  const fail = useCallback((err: unknown) => setNotice(err instanceof Error ? err.message : String(err)), []);

  useEffect(() => {
    const events = new EventSource('/api/events');
    events.addEventListener('change', () => setVersion((v) => v + 1));
    return () => events.close();
  }, []);

  useEffect(() => {
    const q = `user=${encodeURIComponent(user)}`;
    getJson<ConsoleWorkspace>(`/api/workspace?${q}`).then(setWorkspace, fail);
    getJson<ConsoleMessage[]>(`/api/channels/${encodeURIComponent(channel)}/messages?${q}`).then(
      setMessages,
      fail,
    );
    getJson<{ view: ConsoleView | null }>(`/api/view?${q}`).then((r) => setView(r.view), fail);
    void version;
  }, [user, channel, version, fail]);

  useEffect(() => {
    if (!workspace?.demo) return;
    getJson<{ state: ConsoleDemoService[] }>('/api/demo').then((r) => setDemo(r.state), fail);
    void version;
  }, [workspace?.demo, version, fail]);

  const names = useMemo(() => {
    const people = new Map((workspace?.people ?? []).map((p) => [p.id, p.name]));
    const channels = new Map((workspace?.channels ?? []).map((c) => [c.id, c.name]));
    return { people, channels };
  }, [workspace]);

  const run = useCallback(
    (action: () => Promise<unknown>) => {
      setNotice('');
      action().catch(fail);
    },
    [fail],
  );

  /** Names for text outside a message (the topic, a confirm dialog): mentions render, nothing is clickable. */
  const topicCtx: RenderContext = {
    userName: (id) => (id === 'U0SHIPGATE' ? 'shipgate' : names.people.get(id)),
    channelName: (id) => names.channels.get(id),
    now: () => Date.now(),
  };

  const ctxFor = useCallback(
    (message: ConsoleMessage): RenderContext => ({
      userName: (id) => (id === 'U0SHIPGATE' ? 'shipgate' : names.people.get(id)),
      channelName: (id) => names.channels.get(id),
      now: () => Date.now(),
      onAction: (action: BlockAction) => {
        const send = () =>
          run(() =>
            postJson('/api/action', {
              user,
              channel: message.channel,
              ts: message.ts,
              actionId: action.actionId,
              blockId: action.blockId,
              ...(action.value !== undefined ? { value: action.value } : {}),
            }),
          );
        if (action.confirm) setPending({ confirm: action.confirm, run: send });
        else send();
      },
    }),
    [names, run, user],
  );

  const gestures: MessageGestures = {
    shortcuts: workspace?.shortcuts ?? [],
    react: (message, name) =>
      run(() => postJson('/api/reaction', { user, channel: message.channel, ts: message.ts, name })),
    shortcut: (message, s) =>
      run(() =>
        postJson('/api/shortcut', {
          user,
          channel: message.channel,
          ts: message.ts,
          callbackId: s.callbackId,
        }),
      ),
  };

  const sendCommand = async (line: string) => {
    setNotice('');
    try {
      await postJson('/api/command', { user, channel, text: line });
      setDraft('');
    } catch (err) {
      fail(err);
    }
  };

  const list = useStickToBottom<HTMLElement>(channel, messages);
  const current = workspace?.channels.find((c) => c.id === channel);
  const me = workspace?.people.find((p) => p.id === user);
  return (
    <div class="layout">
      <aside class="sidebar">
        <h1>{workspace?.team ?? 'Shipgate sandbox'}</h1>
        <label for="user-switcher">Acting as</label>
        <select
          id="user-switcher"
          data-testid="user-switcher"
          value={user}
          onChange={(e) => setUser(e.currentTarget.value)}
        >
          {(workspace?.people ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.realName} — {p.roles.join(', ') || p.title}
            </option>
          ))}
        </select>
        <nav aria-label="Channels">
          <ul>
            {(workspace?.channels ?? []).map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  class={c.id === channel ? 'channel active' : 'channel'}
                  aria-current={c.id === channel ? 'page' : undefined}
                  data-testid={`channel-${c.name}`}
                  onClick={() => setChannel(c.id)}
                >
                  {c.isIm ? '@' : '#'}
                  {c.name}
                  {c.pinCount > 0 && <span class="muted"> 📌{c.pinCount}</span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {workspace?.demo && (
          <DemoControls
            services={demo}
            onDemo={(what, color) =>
              run(async () => {
                const answer = await postJson<{ state: ConsoleDemoService[] }>(`/api/demo/${what}`, {
                  color,
                });
                setDemo(answer.state);
              })
            }
          />
        )}
        <p class="muted small">
          Console on 127.0.0.1 only. No Slack workspace: a local stand-in plays Slack.
        </p>
      </aside>
      <main class="main">
        <header class="channel-head" data-testid="channel-head">
          <h2>#{current?.name ?? channel}</h2>
          {current?.topic && (
            <p class="topic wrap" data-testid="channel-topic">
              <Mrkdwn text={current.topic} ctx={topicCtx} />
            </p>
          )}
        </header>
        {notice && (
          <p class="error" role="alert" data-testid="notice">
            {notice}
          </p>
        )}
        <section class="messages" aria-label="Messages" aria-live="polite" ref={list}>
          {messages.length === 0 ? (
            <EmptyState onTry={(command) => void sendCommand(command)} />
          ) : (
            messages.map((m) => <MessageItem key={m.ts} message={m} ctx={ctxFor} gestures={gestures} />)
          )}
        </section>
        <Composer
          commands={workspace?.commands ?? []}
          channelName={current?.name ?? ''}
          actingAs={me?.name ?? user}
          value={draft}
          onChange={setDraft}
          onSend={sendCommand}
        />
      </main>
      {view && (
        <ModalDialog
          view={view}
          errors={viewErrors}
          ctx={ctxFor({ channel, ts: '' } as ConsoleMessage)}
          onCancel={() =>
            run(() => postJson(`/api/views/${view.id}/close`, { user }).then(() => setViewErrors({})))
          }
          onSubmit={(values) =>
            run(() =>
              postJson<{ errors: Record<string, string> }>(`/api/views/${view.id}/submit`, {
                user,
                values,
              }).then((r) => setViewErrors(r.errors ?? {})),
            )
          }
        />
      )}
      {pending && (
        <ConfirmDialog
          confirm={pending.confirm}
          ctx={topicCtx}
          onDeny={() => setPending(null)}
          onConfirm={() => {
            setPending(null);
            pending.run();
          }}
        />
      )}
    </div>
  );
}
