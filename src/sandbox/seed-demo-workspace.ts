import type { WorkspaceState } from './workspace-state.js';
import type { SandboxUser } from './workspace-types.js';

/** The people of the demo workspace and the roles the example config gives them. */
export const DEMO_PEOPLE = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', title: 'Release Manager' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Brown', title: 'Team Lead' },
  { id: 'U0FRANK', name: 'frank', realName: 'Frank Foster', title: 'Team Lead' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol Chen', title: 'On-call Engineer' },
  { id: 'U0DAVE', name: 'dave', realName: 'Dave Davis', title: 'Engineering Lead' },
  { id: 'U0ERIN', name: 'erin', realName: 'Erin Evans', title: 'CTO' },
] as const;

/** Another bot (e.g. CI) and an app user (e.g. an AI agent): automated actors that must never approve. */
export const DEMO_ROBOT_ID = 'U0ROBOT';
export const DEMO_APP_USER_ID = 'U0AGENT';

/** The demo channels. */
export const DEMO_CHANNELS = { deploys: 'C0DEPLOYS', incidents: 'C0INCIDENTS', status: 'C0STATUS' } as const;

/**
 * Fills the workspace with the demo cast: alice (release manager), bob and frank (team leads), carol (on-call),
 * dave (engineering lead), erin (CTO), emails `<name>@example.com`; a bot user U0ROBOT and an app user U0AGENT;
 * channels #deploys, #incidents, #status with everyone (and Shipgate) in them; user groups per role.
 * Safe to call twice.
 */
export function seedDemoWorkspace(state: WorkspaceState): void {
  const people: SandboxUser[] = DEMO_PEOPLE.map((p) => ({
    ...p,
    email: `${p.name}@example.com`,
    isBot: false,
    isAppUser: false,
    tz: 'Europe/Berlin',
  }));
  for (const person of people) state.addUser(person);
  state.addUser({
    id: DEMO_ROBOT_ID,
    name: 'ci-robot',
    realName: 'CI Robot',
    title: '',
    isBot: true,
    isAppUser: false,
    botId: 'B0ROBOT',
    tz: 'UTC',
  });
  state.addUser({
    id: DEMO_APP_USER_ID,
    name: 'release-agent',
    realName: 'Release Agent',
    title: 'AI agent',
    isBot: false,
    isAppUser: true,
    tz: 'UTC',
  });
  const everyone = [...people.map((p) => p.id), state.identity.botUserId];
  for (const [name, id] of Object.entries(DEMO_CHANNELS)) {
    if (state.channels.has(id)) continue;
    const members = name === 'deploys' ? [...everyone, DEMO_ROBOT_ID, DEMO_APP_USER_ID] : everyone;
    state.addChannel({ id, name, members, creator: 'U0ALICE' });
  }
  const groups: [string, string, string, string[]][] = [
    ['S0RELEASE', 'release-managers', 'Release managers', ['U0ALICE']],
    ['S0TEAMLEADS', 'team-leads', 'Team leads', ['U0BOB', 'U0FRANK']],
    ['S0ONCALL', 'oncall', 'On-call engineers', ['U0CAROL']],
    ['S0ENGLEADS', 'engineering-leads', 'Engineering leads', ['U0DAVE']],
    ['S0EXECS', 'executives', 'Executives', ['U0ERIN']],
  ];
  for (const [id, handle, name, users] of groups) state.addUsergroup({ id, handle, name, users });
}
