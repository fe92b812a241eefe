import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { dark, light, type Palette, verdictColors } from '../../templates/digest/styles.ts';

/** Every page the server shows; each is `templates/pages/<name>.hbs` inside `layout.hbs`. */
export const PAGE_NAMES = [
  'home',
  'check-inbox',
  'confirm',
  'confirmed',
  'already-confirmed',
  'expired',
  'invalid-link',
  'unsubscribe',
  'unsubscribed',
  'preferences',
  'vote',
  'voted',
  'error',
  'archive',
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface PageModel {
  /** The `<title>` (the layout adds the newsletter's name). */
  title: string;
  /** Pages reached through a personal link stay out of search engines. */
  noindex?: boolean | undefined;
  [key: string]: unknown;
}

export interface Pages {
  render(name: PageName, model: PageModel): string;
  /** The stylesheet and the version the layout links it with. */
  css: string;
  cssVersion: string;
}

export interface SiteInfo {
  siteUrl: string;
  postalAddress: string;
}

/** `templates/pages/` in this checkout. */
export const PAGES_DIR = fileURLToPath(new URL('../../templates/pages/', import.meta.url));

/**
 * Compiles the page templates once. `_name.hbs` files are partials. Handlebars escapes every `{{value}}`;
 * the only triple-stash is the layout's already-rendered body.
 */
export async function loadPages(site: SiteInfo, dir = PAGES_DIR): Promise<Pages> {
  const handlebars = Handlebars.create();
  const files = await readdir(dir);
  for (const file of files.filter((name) => name.startsWith('_') && name.endsWith('.hbs'))) {
    handlebars.registerPartial(file.slice(1, -'.hbs'.length), await readFile(join(dir, file), 'utf8'));
  }
  const layout = handlebars.compile(await readFile(join(dir, 'layout.hbs'), 'utf8'));
  const pages = new Map<PageName, HandlebarsTemplateDelegate>();
  for (const name of PAGE_NAMES) {
    pages.set(name, handlebars.compile(await readFile(join(dir, `${name}.hbs`), 'utf8')));
  }
  const css = `${paletteCss()}\n${await readFile(join(dir, 'site.css'), 'utf8')}`;
  const cssVersion = createHash('sha256').update(css).digest('hex').slice(0, 10);
  const common = {
    siteUrl: site.siteUrl,
    siteHost: new URL(site.siteUrl).host,
    postalLines: site.postalAddress
      .split(/\r?\n/)
      .map((part) => part.trim())
      .filter(Boolean)
      .join(', '),
    cssVersion,
  };
  return {
    css,
    cssVersion,
    render(name, model) {
      const page = pages.get(name);
      if (!page) throw new Error(`no page "${name}"`);
      const body = page({ ...common, ...model });
      return layout({ ...common, ...model, body });
    },
  };
}

/** The digest's palette as custom properties, plus the few colours only pages need. */
function paletteCss(): string {
  const vars = (palette: Palette, extra: Record<string, string>) =>
    Object.entries({
      bg: palette.bg,
      card: palette.card,
      ink: palette.ink,
      mute: palette.mute,
      accent: palette.accent,
      note: palette.note,
      band: palette.band,
      'band-ink': palette.bandInk,
      'band-mute': palette.bandMute,
      ...extra,
    })
      .map(([name, value]) => `--${name}:${value};`)
      .join('');
  const lightVars = vars(light, {
    'accent-strong': light.accent,
    danger: verdictColors.skip.bg,
    'field-line': '#777064',
  });
  const darkVars = vars(dark, { 'accent-strong': '#4338ca', danger: '#fca5a5', 'field-line': '#8e8f9c' });
  return `:root{color-scheme:light dark;${lightVars}}\n@media (prefers-color-scheme:dark){:root{${darkVars}}}`;
}
