import { errors } from './errors.ts';

/** A template as the double keeps it: the draft being edited and the version emails use. */
export interface DoubleTemplate {
  id: string;
  name: string;
  alias: string | null;
  html: string;
  text: string | null;
  variables: { key: string; type: string; fallback_value: string | number | null }[];
  /** What emails naming this template are rendered from; null until published. */
  published: { html: string; text: string | null } | null;
  createdAt: string;
}

/** Resend reserves these names for its own variables. */
const RESERVED_VARIABLES = new Set([
  'FIRST_NAME',
  'LAST_NAME',
  'EMAIL',
  'UNSUBSCRIBE_URL',
  'contact',
  'this',
]);
const TEMPLATE_VARIABLE = /\{\{\{\s*([A-Za-z0-9_]+)\s*\}\}\}/g;

/** Resend's Templates: create, get by id or alias, update, publish, and rendering emails that name one. */
export class TemplateStore {
  readonly templates = new Map<string, DoubleTemplate>();

  find(idOrAlias: string): DoubleTemplate | undefined {
    return this.templates.get(idOrAlias) ?? [...this.templates.values()].find((t) => t.alias === idOrAlias);
  }

  /** The /templates endpoints: [status, body]. */
  handle(method: string, url: string, bytes: Buffer): [number, unknown] {
    const notFound: [number, unknown] = [404, errors.notFound('Template not found')];
    const invalid = (message: string): [number, unknown] => [422, errors.validation(message)];
    const path = url.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
    const input = bytes.length > 0 ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {};
    if (method === 'POST' && path.length === 1) {
      if (typeof input.name !== 'string' || input.name === '') return invalid('name is required');
      if (typeof input.html !== 'string' || input.html === '') return invalid('html is required');
      const alias = typeof input.alias === 'string' ? input.alias : null;
      if (alias && this.find(alias)) return invalid(`alias "${alias}" is already in use`);
      const variables = (input.variables ?? []) as DoubleTemplate['variables'];
      const problem = undeclaredVariable(input.html, input.text, variables);
      if (problem) return invalid(problem);
      const id = `tpl_${String(this.templates.size + 1).padStart(6, '0')}`;
      this.templates.set(id, {
        id,
        name: input.name,
        alias,
        html: input.html,
        text: typeof input.text === 'string' ? input.text : null,
        variables: variables.map((v) => ({
          key: v.key,
          type: v.type,
          fallback_value: v.fallback_value ?? null,
        })),
        published: null,
        createdAt: new Date().toISOString(),
      });
      return [201, { id, object: 'template' }];
    }
    const template = path[1] ? this.find(path[1]) : undefined;
    if (!template) return notFound;
    if (method === 'GET' && path.length === 2) return [200, describe(template)];
    if (method === 'PATCH' && path.length === 2) {
      if (typeof input.html === 'string') template.html = input.html;
      if (typeof input.text === 'string') template.text = input.text;
      return [200, { id: template.id, object: 'template' }];
    }
    if (method === 'POST' && path.length === 3 && path[2] === 'publish') {
      template.published = { html: template.html, text: template.text };
      return [200, { id: template.id, object: 'template' }];
    }
    return notFound;
  }

  /** An email's bodies from the template it names, or why it cannot be sent; undefined without one. */
  render(reference: unknown): { html: string; text: string } | { error: string } | undefined {
    if (reference === undefined || reference === null) return undefined;
    const { id, variables = {} } = reference as { id?: string; variables?: Record<string, unknown> };
    const template = id ? this.find(id) : undefined;
    if (!template) return { error: `template "${id}" not found` };
    if (!template.published) return { error: `template "${id}" is not published` };
    for (const variable of template.variables) {
      if (variables[variable.key] === undefined && variable.fallback_value === null)
        return { error: `variable ${variable.key} has no value and no fallback` };
    }
    const fill = (body: string) =>
      body.replace(TEMPLATE_VARIABLE, (_, key: string) => {
        const declared = template.variables.find((v) => v.key === key);
        return String(variables[key] ?? declared?.fallback_value ?? '');
      });
    return { html: fill(template.published.html), text: fill(template.published.text ?? '') };
  }
}

function describe(template: DoubleTemplate) {
  return {
    object: 'template',
    id: template.id,
    name: template.name,
    alias: template.alias,
    html: template.html,
    text: template.text,
    subject: null,
    from: null,
    reply_to: null,
    variables: template.variables,
    status: template.published ? 'published' : 'draft',
    published_at: template.published ? template.createdAt : null,
    created_at: template.createdAt,
    updated_at: template.createdAt,
    has_unpublished_versions:
      template.published !== null &&
      (template.published.html !== template.html || template.published.text !== template.text),
    current_version_id: template.id,
  };
}

/** Resend refuses a template that uses a variable it does not declare, or declares a reserved name. */
function undeclaredVariable(
  html: string,
  text: unknown,
  variables: readonly { key: string }[],
): string | undefined {
  const declared = new Set(variables.map((v) => v.key));
  for (const key of declared) if (RESERVED_VARIABLES.has(key)) return `variable name ${key} is reserved`;
  for (const body of [html, typeof text === 'string' ? text : '']) {
    for (const match of body.matchAll(TEMPLATE_VARIABLE)) {
      if (!declared.has(match[1]!))
        return `Variable '${match[1]}' is used in the template but not defined in the variables list`;
    }
  }
  return undefined;
}
