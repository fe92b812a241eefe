import type { Context, Hono } from 'hono';
import type { Subscriber } from '../../store/subscriber-store.ts';
import { followedTopics } from '../../subscribers/preferences.ts';
import {
  parsePreferencesForm,
  readPreferencesLink,
  savePreferences,
} from '../../subscribers/preferences-link.ts';
import { describeSavedPreferences, preferencesPageModel } from '../../subscribers/preferences-page.ts';
import type { AppDeps } from '../create-app.ts';
import { RequestError } from '../errors.ts';
import { FORM_BODY_LIMIT, limitBody, readFormValues } from '../request-body.ts';

/**
 * `GET /preferences?token=…` (from every digest's footer) shows what the reader follows and whether they
 * paused, as a form; nothing changes on GET (link scanners fetch links). `POST` of the form to the same
 * URL (the token in the query or the body) saves it and shows what was saved.
 */
export function registerPreferencesRoutes(app: Hono, deps: AppDeps): void {
  const linkDeps = { subscribers: deps.subscribers, secret: deps.secret };

  app.get('/preferences', async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.query('token');
    const found = token ? await readPreferencesLink(linkDeps, token) : undefined;
    if (found?.kind !== 'found') return invalidLink(c, deps, token === undefined);
    return page(c, deps, found.subscriber, token!, {});
  });

  app.post('/preferences', limitBody(FORM_BODY_LIMIT), async (c) => {
    c.header('Cache-Control', 'no-store');
    const fields = await readFormValues(c);
    const token = c.req.query('token') ?? fields.token?.[0];
    const found = token ? await readPreferencesLink(linkDeps, token) : undefined;
    if (found?.kind !== 'found') return invalidLink(c, deps, token === undefined);
    // What the page offered: the published topics and any the reader still follows from before.
    const known = new Set([
      ...deps.topics().map((topic) => topic.id),
      ...(followedTopics(found.subscriber) ?? []),
    ]);
    const form = parsePreferencesForm(
      { topics: fields.topics ?? [], pauseWeeks: fields.pause_weeks?.[0] },
      known,
    );
    if (!form.ok) return page(c, deps, found.subscriber, token!, { error: form }, 400);
    const saved = await savePreferences(deps.subscribers, found.subscriber, form, deps.clock());
    deps.log.info({ subscriber: saved.id }, 'preferences saved');
    return page(c, deps, saved, token!, {
      saved: describeSavedPreferences(saved, deps.topics(), deps.clock()),
    });
  });
}

function page(
  c: Context,
  deps: AppDeps,
  subscriber: Subscriber,
  token: string,
  notice: { saved?: string; error?: { field: string; message: string } },
  status: 400 | 200 = 200,
): Response {
  const model = preferencesPageModel({
    subscriber,
    token,
    topics: deps.topics(),
    now: deps.clock(),
    secret: deps.secret,
  });
  return c.html(
    deps.pages.render('preferences', { title: 'Your preferences', noindex: true, ...model, ...notice }),
    status,
  );
}

function invalidLink(c: Context, deps: AppDeps, missing: boolean): Response {
  if (missing) throw new RequestError(400, 'missing_token', 'This preferences link is missing its code.');
  const message =
    'This preferences link is damaged, or the subscription it was for no longer exists. The link at the bottom of any issue works.';
  return c.html(deps.pages.render('invalid-link', { title: 'Link not valid', noindex: true, message }), 400);
}
