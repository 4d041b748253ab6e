import type { VNode } from 'preact';

/** The three one-click things to try that the empty state offers. */
export const THINGS_TO_TRY = [
  { command: '/deploy checkout 2.5.4', what: 'Ask for approval to deploy checkout 2.5.4' },
  { command: '/incident declare SEV-2 "Checkout is slow"', what: 'Declare an incident and open its channel' },
  { command: '/readiness checkout 2.5.4', what: 'Score checkout 2.5.4 against the readiness checklist' },
] as const;

/** What an empty channel shows: three commands to try, each sent with one click. */
export function EmptyState(props: { onTry: (command: string) => void }): VNode {
  return (
    <section class="empty-state" data-testid="empty-state" aria-label="Things to try">
      <h2>Nothing here yet — try one of these</h2>
      <ul>
        {THINGS_TO_TRY.map((t) => (
          <li key={t.command}>
            <button
              type="button"
              data-testid="try-command"
              data-command={t.command}
              onClick={() => props.onTry(t.command)}
            >
              <code>{t.command}</code>
            </button>
            <span class="muted"> {t.what}</span>
          </li>
        ))}
      </ul>
      <p class="muted" data-testid="story-hint">
        The whole story: after <code>/deploy checkout 2.5.4</code>, act as Bob Brown (team-lead) and then
        Carol Chen (on-call-engineer) in <em>Acting as</em> and press Approve; once green is live, press Break
        on green and watch the automatic rollback open an incident channel, where{' '}
        <code>/incident resolve</code> and <code>/incident report</code> finish it.
      </p>
    </section>
  );
}
