/**
 * Links from content reach the email only when they are absolute http(s) or mailto URLs; anything else
 * (`javascript:`, relative paths, typos) renders as plain text instead of a link.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : undefined;
}

/** "https://verdicts.example/" → "verdicts.example", for display. */
export function displayHost(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}
