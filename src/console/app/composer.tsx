import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { ConsoleCommand } from './console-api-types.js';

/** The usage hint of the command the line starts with, or the list of commands while none is typed. */
function hintFor(line: string, commands: readonly ConsoleCommand[]): string {
  const name = line.trim().split(/\s+/)[0] ?? '';
  const exact = commands.find((c) => c.command === name);
  if (exact) return `${exact.command} ${exact.usageHint}`;
  const matching = commands.filter((c) => c.command.startsWith(name || '/'));
  return matching.map((c) => c.command).join('  ') || 'Not a Shipgate command';
}

/** The slash command input: shows the command's usage hint from manifest.yml; Enter sends. */
export function Composer(props: {
  commands: readonly ConsoleCommand[];
  channelName: string;
  actingAs: string;
  value: string;
  onChange: (value: string) => void;
  onSend: (line: string) => void;
}): VNode {
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const line = props.value.trim();
    if (!line || busy) return;
    setBusy(true);
    try {
      await props.onSend(line);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="composer"
      data-testid="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label for="composer-input" class="sr-only">
        Slash command
      </label>
      <input
        id="composer-input"
        data-testid="composer-input"
        list="command-list"
        autocomplete="off"
        spellcheck={false}
        placeholder={`Type a slash command in #${props.channelName} as ${props.actingAs}, e.g. /deploy help`}
        value={props.value}
        onInput={(event) => props.onChange(event.currentTarget.value)}
      />
      <datalist id="command-list">
        {props.commands.map((c) => (
          <option key={c.command} value={`${c.command} `}>
            {c.description}
          </option>
        ))}
      </datalist>
      <button type="submit" class="primary" data-testid="composer-send" disabled={busy}>
        Send
      </button>
      <p class="hint" data-testid="composer-hint" aria-live="polite">
        {hintFor(props.value, props.commands)}
      </p>
    </form>
  );
}
