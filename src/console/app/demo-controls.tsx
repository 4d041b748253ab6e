import type { VNode } from 'preact';
import type { ConsoleDemoService } from './console-api-types.js';

const COLOURS = ['blue', 'green'] as const;

/** One service behind the demo switch: what each colour runs, its share of traffic, and whether it is broken. */
function DemoServiceRow(props: { service: ConsoleDemoService }): VNode {
  const { service } = props;
  return (
    <li class="demo-service" data-testid={`demo-service-${service.service}`}>
      <strong>{service.service}</strong>
      {COLOURS.map((color) => (
        <span
          key={color}
          class={`demo-colour${service.live === color ? ' live' : ''}`}
          data-testid={`demo-${service.service}-${color}`}
          data-weight={service.weights[color]}
        >
          <span class={`dot ${color}`} aria-hidden="true" /> {color} {service.versions[color] ?? '—'} ·{' '}
          {service.weights[color]}%{service.broken.includes(color) ? ' · broken' : ''}
        </span>
      ))}
    </li>
  );
}

/**
 * The demo target (only shown when the sandbox runs one): which version each colour runs and how traffic is split,
 * refreshed with every change, and the Break / Heal control that raises a colour's error rate and latency.
 */
export function DemoControls(props: {
  services: readonly ConsoleDemoService[];
  onDemo: (what: 'break' | 'heal', color: 'blue' | 'green') => void;
}): VNode {
  return (
    <section class="demo" aria-label="Demo target" data-testid="demo-controls">
      <h2>Demo target</h2>
      <ul class="demo-services">
        {props.services.map((s) => (
          <DemoServiceRow key={s.service} service={s} />
        ))}
      </ul>
      {COLOURS.map((color) => (
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
