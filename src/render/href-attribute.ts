const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A link for a quoted href: only http(s), escaped for the attribute but with `=` left alone (Handlebars'
 * default escaping writes `&#x3D;`, which some link rewriters do not decode).
 */
export function hrefAttribute(value: unknown): string {
  const href = typeof value === 'string' && /^https?:\/\//i.test(value) ? value : '#';
  return href.replace(/[&<>"']/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}
