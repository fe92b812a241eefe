/** How the week page shows the email; kept in the query string so every state has a link. */
export interface ViewOptions {
  width: 600 | 375;
  scheme: 'light' | 'dark';
  view: 'html' | 'text';
}

export const DEFAULT_VIEW: ViewOptions = { width: 600, scheme: 'light', view: 'html' };

export function viewOptions(query: (name: string) => string | undefined): ViewOptions {
  return {
    width: query('width') === '375' ? 375 : 600,
    scheme: query('scheme') === 'dark' ? 'dark' : 'light',
    view: query('view') === 'text' ? 'text' : 'html',
  };
}

/** `base?width=375&scheme=dark`: only what differs from the defaults. */
export function viewHref(base: string, options: ViewOptions, change: Partial<ViewOptions> = {}): string {
  const next = { ...options, ...change };
  const params = new URLSearchParams();
  if (next.width !== DEFAULT_VIEW.width) params.set('width', String(next.width));
  if (next.scheme !== DEFAULT_VIEW.scheme) params.set('scheme', next.scheme);
  if (next.view !== DEFAULT_VIEW.view) params.set('view', next.view);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
