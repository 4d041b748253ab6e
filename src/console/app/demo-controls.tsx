import type { VNode } from 'preact';

/** The Break / Heal control of the demo target (only shown when the sandbox runs one). */
export function DemoControls(props: {
  onDemo: (what: 'break' | 'heal', color: 'blue' | 'green') => void;
}): VNode {
  return (
    <section class="demo" aria-label="Demo target" data-testid="demo-controls">
      <h2>Demo target</h2>
      {(['blue', 'green'] as const).map((color) => (
        <div key={color} class="demo-row">
          <span class={`dot ${color}`} aria-hidden="true" />
          {color}
          <button
            type="button"
            class="danger"
            data-testid={`demo-break-${color}`}
            onClick={() => props.onDemo('break', color)}
          >
            Break
          </button>
          <button
            type="button"
            data-testid={`demo-heal-${color}`}
            onClick={() => props.onDemo('heal', color)}
          >
            Heal
          </button>
        </div>
      ))}
    </section>
  );
}
