import type { Resend } from 'resend';
import type { EditionTemplate } from './edition-template.ts';

/** What Resend said when a template call failed (the SDK's error shape). */
export interface ResendError {
  message: string;
  statusCode: number | null;
  name: string;
}

export type TemplateReady = { ok: true } | { ok: false; error: ResendError };

/**
 * Makes sure each edition's template exists on Resend, holds this edition's bodies, and is published,
 * before any email names it. Found by alias first, so a resumed run, a second lane or a second process
 * reuses it; a template changed on Resend since (an edit in the dashboard) is put back to what the
 * gate checked. A failure is remembered by no one: the next batch asks again.
 */
export function createTemplatePublisher(client: Resend) {
  const ready = new Map<string, Promise<TemplateReady>>();

  async function publishIfNeeded(
    found: {
      id: string;
      status: string;
      html: string;
      text: string | null;
      has_unpublished_versions: boolean;
    },
    template: EditionTemplate,
  ): Promise<TemplateReady> {
    if (found.html !== template.html || (found.text ?? '') !== template.text) {
      const updated = await client.templates.update(found.id, { html: template.html, text: template.text });
      if (updated.error) return { ok: false, error: updated.error };
    } else if (found.status === 'published' && !found.has_unpublished_versions) {
      return { ok: true };
    }
    const published = await client.templates.publish(found.id);
    return published.error ? { ok: false, error: published.error } : { ok: true };
  }

  async function prepare(template: EditionTemplate): Promise<TemplateReady> {
    const existing = await client.templates.get(template.alias);
    if (existing.data) return publishIfNeeded(existing.data, template);
    if (existing.error.statusCode !== 404) return { ok: false, error: existing.error };
    const created = await client.templates.create({
      name: template.name,
      alias: template.alias,
      html: template.html,
      text: template.text,
      variables: template.variables,
    });
    if (created.error) {
      // Another lane or process may have created it in the meantime.
      const again = await client.templates.get(template.alias);
      return again.data ? publishIfNeeded(again.data, template) : { ok: false, error: created.error };
    }
    const published = await client.templates.publish(created.data.id);
    return published.error ? { ok: false, error: published.error } : { ok: true };
  }

  return {
    /** Resolves once the template can be sent; concurrent callers share one preparation. */
    ensure(template: EditionTemplate): Promise<TemplateReady> {
      let pending = ready.get(template.alias);
      if (!pending) {
        pending = prepare(template).then((result) => {
          if (!result.ok) ready.delete(template.alias);
          return result;
        });
        ready.set(template.alias, pending);
      }
      return pending;
    },
  };
}
