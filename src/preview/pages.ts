import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { light, verdictColors } from '../../templates/digest/styles.ts';

/** The preview's own page templates, styles and script (templates/preview/). */
export interface PreviewPages {
  /** Renders `<name>.hbs` inside the layout. */
  page(name: string, model: { title: string; [key: string]: unknown }): string;
  css: string;
  script: string;
}

const DEFAULT_DIR = new URL('../../templates/preview/', import.meta.url);

/**
 * Compiles every `.hbs` in the folder once (`_name.hbs` are partials), with an isolated Handlebars
 * instance. The stylesheet gets the digest's light palette as CSS variables, so the preview and the
 * email share one set of colours.
 */
export function loadPreviewPages(dir: URL = DEFAULT_DIR): PreviewPages {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.hbs'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const name = file.slice(0, -'.hbs'.length);
    if (name.startsWith('_')) handlebars.registerPartial(name, source);
    else templates.set(name, handlebars.compile(source, { strict: false }));
  }
  const layout = templates.get('layout');
  if (!layout) throw new Error(`${dir.pathname}layout.hbs is missing`);
  const palette = Object.entries({ ...light, ship: verdictColors.ship.bg, skip: verdictColors.skip.bg })
    .map(([name, value]) => `--${name}:${value};`)
    .join('');
  return {
    page(name, model) {
      const template = templates.get(name);
      if (!template) throw new Error(`no preview template ${name}.hbs`);
      return layout({ title: model.title, body: template(model) });
    },
    css: `:root{${palette}}\n${readFileSync(new URL('preview.css', dir), 'utf8')}`,
    script: readFileSync(new URL('preview.js', dir), 'utf8'),
  };
}
