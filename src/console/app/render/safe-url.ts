/** The only URL schemes the console links: everything else (`javascript:`, `data:` …) is shown as text. */
const LINKABLE = /^(https?:\/\/|mailto:)/i;

/** The URL when it is safe to put in an `href` (http, https or mailto), otherwise undefined. */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  return LINKABLE.test(trimmed) ? trimmed : undefined;
}
