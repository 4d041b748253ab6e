import type { AgentSuspension, AgentTokenRecord } from '../services/ports/agent-registry.js';

const time = (at: Date | null, none: string) => (at ? at.toISOString().replace(/\.\d{3}Z$/, 'Z') : none);

/** `agent list`: one row per token (name, scopes, channels, created, last used, revoked), after the switch's state. */
export function agentListTable(agents: readonly AgentTokenRecord[], suspension: AgentSuspension): string {
  const lines: string[] = [];
  if (suspension.suspended)
    lines.push(
      `Agents are SUSPENDED since ${time(suspension.at, '?')} by ${suspension.by ?? '?'}: ${suspension.reason ?? ''}`.trimEnd(),
      'Every agent token answers 401 until `npx shipgate agent resume`.',
      '',
    );
  if (agents.length === 0) {
    lines.push('No agent tokens. Add one with `npx shipgate agent add <name>`.');
    return `${lines.join('\n')}\n`;
  }
  const rows = [
    ['NAME', 'SCOPES', 'CHANNELS', 'CREATED', 'LAST USED', 'REVOKED'],
    ...agents.map((a) => [
      a.name,
      a.scopes.join(','),
      a.channels.join(',') || '-',
      `${time(a.createdAt, '-')} by ${a.createdBy}`,
      time(a.lastUsedAt, 'never'),
      time(a.revokedAt, '-'),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    lines.push(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  return `${lines.join('\n')}\n`;
}
