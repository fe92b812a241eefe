import type { Resend } from 'resend';
import type { EditionTemplate } from './edition-template.ts';

/** What Resend said when a template call failed (the SDK's error shape). */
export interface ResendError {
  message: string;
  statusCode: number | null;
  name: string;
}

export type TemplateReady =
  | { ok: true }
  | { ok: false; error: ResendError; headers: Record<string, string> | null };

/** An SDK answer: data or error, and the response headers. */
type Answer<T> =
  | { data: T; error: null; headers: Record<string, string> | null }
  | { data: null; error: ResendError; headers: Record<string, string> | null };

/**
 * Makes sure each edition's template exists on Resend, holds this edition's bodies, and is published,
 * before any email names it. Found by alias first, so a resumed run, a second lane or a second process
 * reuses it; a template changed on Resend since (an edit in the dashboard) is put back to what the
 * gate checked. A failure is remembered by no one: the next batch asks again.
 * These calls count against the same rate limit as sending: when one uses up a window, the next call
 * waits it out, so setup never draws a 429; and setup ends by waiting out the window it opened, so the
 * sender's pacer (which counts windows from the first request it sends) starts on a fresh one.
 */
export function createTemplatePublisher(client: Resend, sleep: (ms: number) => Promise<void>) {
  const ready = new Map<string, Promise<TemplateReady>>();
  // From the last answer: how long its window still runs, and whether it has room for another request.
  let windowLeftMs: number | undefined;
  let windowFull = false;

  async function call<R extends Answer<unknown>>(request: () => PromiseLike<R>): Promise<R> {
    if (windowFull && windowLeftMs !== undefined) await sleep(windowLeftMs);
    const answer = await request();
    const reset = Number(answer.headers?.['ratelimit-reset'] ?? Number.NaN);
    windowLeftMs = Number.isFinite(reset) ? reset * 1000 : undefined;
    windowFull = answer.headers?.['ratelimit-remaining'] === '0';
    return answer;
  }

  const failed = (answer: Answer<unknown>): TemplateReady => ({
    ok: false,
    error: answer.error!,
    headers: answer.headers,
  });

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
      const updated = await call(() =>
        client.templates.update(found.id, { html: template.html, text: template.text }),
      );
      if (updated.error) return failed(updated);
    } else if (found.status === 'published' && !found.has_unpublished_versions) {
      return { ok: true };
    }
    const published = await call(() => client.templates.publish(found.id));
    return published.error ? failed(published) : { ok: true };
  }

  async function prepare(template: EditionTemplate): Promise<TemplateReady> {
    const existing = await call(() => client.templates.get(template.alias));
    if (existing.data) return publishIfNeeded(existing.data, template);
    if (existing.error.statusCode !== 404) return failed(existing);
    const created = await call(() =>
      client.templates.create({
        name: template.name,
        alias: template.alias,
        html: template.html,
        text: template.text,
        variables: template.variables,
      }),
    );
    if (created.error) {
      if (created.error.statusCode === 429 || (created.error.statusCode ?? 500) >= 500)
        return failed(created);
      // Another lane or process may have created it in the meantime.
      const again = await call(() => client.templates.get(template.alias));
      return again.data ? publishIfNeeded(again.data, template) : failed(created);
    }
    const published = await call(() => client.templates.publish(created.data.id));
    return published.error ? failed(published) : { ok: true };
  }

  return {
    /** Resolves once the template can be sent; concurrent callers share one preparation. */
    ensure(template: EditionTemplate): Promise<TemplateReady> {
      let pending = ready.get(template.alias);
      if (!pending) {
        pending = prepare(template).then(async (result) => {
          if (windowLeftMs !== undefined) await sleep(windowLeftMs);
          windowLeftMs = undefined;
          windowFull = false;
          if (!result.ok) ready.delete(template.alias);
          return result;
        });
        ready.set(template.alias, pending);
      }
      return pending;
    },
  };
}
