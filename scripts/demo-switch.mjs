#!/usr/bin/env node
/**
 * The demo scripts' one helper: talks to the sandbox demo service's traffic switch at DEMO_SWITCH_URL (its admin
 * API, see src/sandbox/demo-service/demo-service.ts) with node's fetch, so no curl is needed.
 *
 *   demo-switch.mjs deploy <service> <version> [color]        install a version (no colour: the live colour)
 *   demo-switch.mjs switch-traffic <service> <color>           send all traffic to a colour
 *   demo-switch.mjs health-check <service> [track]             exit 1 unless the track's /healthz answers 200
 *   demo-switch.mjs route-traffic <service> <percent> <version> canary share; installs the canary when new
 *   demo-switch.mjs canary-stop <service>                      all traffic back to the stable colour
 *   demo-switch.mjs terminate-canary <service>                 the canary colour runs nothing any more
 *   demo-switch.mjs document-incident <service> <text…>        record a note with the switch
 *   demo-switch.mjs state <service>
 *
 * Exit codes: 0 done (healthy), 1 refused or unhealthy, 2 usage, DEMO_SWITCH_URL unset or the switch unreachable.
 */

const USAGE = `usage: demo-switch.mjs <deploy|switch-traffic|health-check|route-traffic|canary-stop|terminate-canary|document-incident|state> <service> …`;
const COLOURS = ['blue', 'green'];
const TRACKS = [...COLOURS, 'stable', 'canary'];

/** Ends with `code` after printing `message` to stderr. */
function fail(code, message) {
  console.error(`demo-switch: ${message}`);
  process.exit(code);
}

const base = (process.env.DEMO_SWITCH_URL ?? '').replace(/\/+$/, '');
if (base === '') fail(2, 'DEMO_SWITCH_URL is not set (the sandbox sets it to its demo service)');

/** One call to the switch; exits 2 when it does not answer, 1 when it refuses. */
async function call(path, body) {
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    fail(2, `the demo switch at ${base} does not answer (${error.cause?.code ?? error.message})`);
  }
  const answer = await response.json().catch(() => ({}));
  return { status: response.status, answer };
}

/** An admin call that must succeed. */
async function admin(service, action, body) {
  const { status, answer } = await call(
    `/admin/${encodeURIComponent(service)}${action ? `/${action}` : ''}`,
    body,
  );
  if (status !== 200) fail(status === 404 ? 2 : 1, answer.error ?? `HTTP ${status}`);
  return answer;
}

const other = (colour) => (colour === 'blue' ? 'green' : 'blue');
const blueShare = (colour, percent) => (colour === 'blue' ? percent : 100 - percent);
const say = (line) => console.log(line);

const [command, service, ...args] = process.argv.slice(2);
if (!service) fail(2, USAGE);

switch (command) {
  case 'state':
    say(JSON.stringify(await admin(service), null, 2));
    break;
  case 'deploy': {
    const [version, colour = ''] = args;
    if (!version) fail(2, 'usage: deploy.sh <service> <version> [color]');
    if (colour !== '' && !COLOURS.includes(colour)) fail(2, `not a colour: "${colour}"`);
    const where = colour || (await admin(service)).live;
    say(`deploying ${service} ${version} to ${where}…`);
    await admin(service, 'versions', { color: where, version });
    say(`${service} ${version} is up on ${where}`);
    break;
  }
  case 'switch-traffic': {
    const [colour] = args;
    if (!COLOURS.includes(colour)) fail(2, 'usage: switch-traffic.sh <service> <blue|green>');
    const before = await admin(service);
    say(`switching ${service} traffic from ${before.live} to ${colour}…`);
    const after = await admin(service, 'weights', { blue: blueShare(colour, 100) });
    say(
      `${colour} is live with ${service} ${after.versions[colour] ?? '(nothing)'}; ${other(colour)} is idle`,
    );
    break;
  }
  case 'health-check': {
    const track = args[0] || 'stable';
    if (!TRACKS.includes(track)) fail(2, `usage: health-check.sh <service> [${TRACKS.join('|')}]`);
    const health = await call(`/${encodeURIComponent(service)}/${track}/healthz`);
    if (health.status === 404) fail(2, health.answer.error ?? 'HTTP 404');
    const figures = (await call(`/${encodeURIComponent(service)}/${track}/metrics.json`)).answer;
    const rate =
      figures.error_rate === null ? 'no traffic' : `error rate ${(figures.error_rate * 100).toFixed(1)}%`;
    const p99 = figures.latency_p99 === null ? '' : `, p99 ${Math.round(figures.latency_p99 * 1000)} ms`;
    const line = `${service} ${track} (${health.answer.color ?? '?'}): /healthz ${health.status}; ${rate}${p99}`;
    if (health.status !== 200) fail(1, `${line}: unhealthy`);
    say(`${line}: healthy`);
    break;
  }
  case 'route-traffic': {
    const [percentText, version] = args;
    const percent = Number(percentText);
    if (percentText === undefined || !Number.isFinite(percent) || percent < 0 || percent > 100 || !version)
      fail(2, 'usage: route-traffic.sh <service> <percent 0-100> <version>');
    let state = await admin(service);
    let canary = state.canary;
    if (canary === null) {
      canary = COLOURS.find((c) => state.versions[c] === version && c !== state.live) ?? other(state.live);
      await admin(service, 'versions', { color: canary, version });
      state = await admin(service, 'canary', { color: canary });
      say(`canary: ${service} ${version} is up on ${canary}`);
    }
    await admin(service, 'weights', { blue: blueShare(canary, percent) });
    if (percent === 100) await admin(service, 'canary', { color: null });
    say(
      percent === 100
        ? `all ${service} traffic on ${canary} (${state.versions[canary] ?? version}); the canary is now stable`
        : `${percent}% of ${service} traffic on the canary (${canary}), ${100 - percent}% on ${other(canary)}`,
    );
    break;
  }
  case 'canary-stop': {
    const { canary } = await admin(service);
    if (canary === null) {
      say(`${service} has no canary rollout: nothing to stop`);
      break;
    }
    await admin(service, 'weights', { blue: blueShare(other(canary), 100) });
    say(`canary rollout of ${service} stopped: all traffic on ${other(canary)}`);
    break;
  }
  case 'terminate-canary': {
    const state = await admin(service);
    if (state.canary === null) {
      say(`${service} has no canary to terminate`);
      break;
    }
    if (state.weights[state.canary] > 0)
      fail(
        1,
        `the canary (${state.canary}) still gets ${state.weights[state.canary]}% of traffic; stop it first`,
      );
    await admin(service, 'versions', { color: state.canary, version: null });
    await admin(service, 'canary', { color: null });
    say(`canary instances of ${service} on ${state.canary} terminated`);
    break;
  }
  case 'document-incident': {
    const note = args.join(' ').trim();
    if (note === '') fail(2, 'usage: document-incident.sh <service> <text…>');
    const state = await admin(service, 'notes', { note });
    say(`recorded for ${service} (note ${state.notes.length}): ${note}`);
    break;
  }
  default:
    fail(2, `unknown command "${command}"\n${USAGE}`);
}
