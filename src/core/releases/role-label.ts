/** A role as the 4.4 Approvals section names it: `engineering-lead` → `Engineering Lead`, `on-call-engineer` → `On-Call Engineer`. */
export function roleLabel(role: string): string {
  return role
    .split(/[-_]/)
    .filter((w) => w !== '')
    .map((w) => (w.toLowerCase() === 'on' ? 'On' : `${w.charAt(0).toUpperCase()}${w.slice(1)}`))
    .join(' ')
    .replace(/^On Call/, 'On-Call');
}
