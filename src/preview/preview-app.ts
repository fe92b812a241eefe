import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { streamSSE } from 'hono/streaming';
import type { DigestRenderer, EditionSource, PreparedEdition } from '../edition/prepare-edition.ts';
import { deliverTestCopy, type TestCopyResult } from '../edition/test-copy.ts';
import { webCopy } from '../edition/web-copy.ts';
import type { CompatibilityScan } from '../gate/compatibility.ts';
import type { SenderSettings } from '../send/personalize.ts';
import type { Transport } from '../send/transport.ts';
import { normalizeEmail } from '../subscribers/email-address.ts';
import type { ChangeHub } from './change-hub.ts';
import { forceDarkScheme } from './dark-view.ts';
import { editionPage, groupProblems } from './edition-page.ts';
import { indexPage } from './index-page.ts';
import {
  type EditionState,
  loadComparisonEdition,
  loadWeekEdition,
  type PreviewSource,
} from './load-edition.ts';
import { memoizedScan } from './memoized-scan.ts';
import { loadPreviewPages, type PreviewPages } from './pages.ts';
import { previewGuards } from './preview-guards.ts';
import { type EngagementSource, registerStatsPage } from './stats-page.ts';
import { createTestSendNotices } from './test-send-notices.ts';
import { viewOptions } from './view-options.ts';

/** A transport for test copies of one edition, and where its messages end up (for the page). */
export interface TestTransport {
  transport: Transport;
  /** "the outbox folder out/outbox/2026-W48-test/" or "Resend". */
  label: string;
}

export interface PreviewDeps {
  source: EditionSource;
  sender: SenderSettings;
  clock: () => Date;
  /** Renders the digest; the CLI passes one that picks up edited templates. */
  render: DigestRenderer;
  /** The transport for test copies of `<edition>-test` (outbox folder or Resend), created per send. */
  testTransport: (folder: string, date: Date) => TestTransport;
  /** Where saved files are announced; each open page listens through /events. */
  changes: ChangeHub;
  /** Host names the preview answers to besides the loopback ones (`--allowed-host`). */
  allowedHosts?: readonly string[] | undefined;
  /** Page templates; loaded from templates/preview/ when absent. */
  pages?: PreviewPages | undefined;
  /** caniemail scan; memoized per HTML when absent (it is the slow part of the gate). */
  scan?: CompatibilityScan | undefined;
  /** The sent editions' figures for /stats; the page says nothing was sent when absent. */
  engagement?: EngagementSource | undefined;
}

const SSE_PING_MS = 15_000;

/**
 * The editor preview: `/` lists weeks, `/week/:id` shows a week's digest with its checks, `/draft/:slug`
 * one comparison on its own, `/events` announces saved files. Content is read again on every request,
 * so a fixed file clears its problem on the next refresh; bad content is shown, never thrown.
 */
export function createPreviewApp(deps: PreviewDeps) {
  const pages = deps.pages ?? loadPreviewPages();
  const ctx: PreviewSource = {
    source: deps.source,
    sender: deps.sender,
    clock: deps.clock,
    render: deps.render,
    scan: deps.scan ?? memoizedScan(),
  };
  const app = new Hono();

  for (const guard of previewGuards(deps.allowedHosts)) app.use('*', guard);
  const notices = createTestSendNotices();

  // Answers made through `c` keep the guards' headers (an HTTPException's own response would not).
  app.onError((error, c) =>
    error instanceof HTTPException
      ? c.text(error.message || 'Bad request', error.status)
      : c.html(pages.page('error', { title: 'Error', message: error.stack ?? error.message }), 500),
  );
  app.notFound((c) =>
    c.html(
      pages.page('not-found', {
        title: 'Not found',
        heading: 'Not found',
        message: `Nothing at ${c.req.path}.`,
      }),
      404,
    ),
  );

  app.get('/assets/preview.css', (c) =>
    c.body(pages.css, 200, { 'content-type': 'text/css; charset=utf-8' }),
  );
  app.get('/assets/preview.js', (c) =>
    c.body(pages.script, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );

  app.get('/', (c) => {
    const model = indexPage(ctx);
    return c.html(pages.page('index', model), 200, noStore);
  });

  registerStatsPage(app, pages, deps.engagement);

  app.get('/week', (c) => {
    const id = (c.req.query('id') ?? '').trim();
    return c.redirect(`/week/${encodeURIComponent(id || 'current')}`, 303);
  });

  app.get('/week/:id', async (c) => {
    const id = c.req.param('id');
    const state = await loadWeekEdition(ctx, id);
    if (!state) return weekNotFound(c, id);
    if (state.week.id !== id) return c.redirect(`/week/${state.week.id}${new URL(c.req.url).search}`, 302);
    return editionResponse(c, state, `/week/${state.week.id}`, 'week');
  });
  app.get('/week/:id/email.html', async (c) => {
    const state = await loadWeekEdition(ctx, c.req.param('id'), { gate: false });
    return emailResponse(c, state?.prepared, 'html');
  });
  app.get('/week/:id/email.txt', async (c) => {
    const state = await loadWeekEdition(ctx, c.req.param('id'), { gate: false });
    return emailResponse(c, state?.prepared, 'text');
  });
  app.post('/week/:id/test-send', async (c) => {
    const state = await loadWeekEdition(ctx, c.req.param('id'));
    if (!state) return weekNotFound(c, c.req.param('id'));
    return testSend(c, state, `/week/${state.week.id}`);
  });

  app.get('/draft/:slug', async (c) => {
    const slug = c.req.param('slug');
    const state = await loadComparisonEdition(ctx, slug);
    if (!state) return draftNotFound(c, slug);
    if (!('week' in state)) {
      return c.html(pages.page('edition', problemsOnlyPage(slug, state.problems)), 200, noStore);
    }
    return editionResponse(c, state, `/draft/${slug}`, 'draft');
  });
  app.get('/draft/:slug/email.html', async (c) => {
    const state = await loadComparisonEdition(ctx, c.req.param('slug'), { gate: false });
    return emailResponse(c, state && 'prepared' in state ? state.prepared : undefined, 'html');
  });
  app.get('/draft/:slug/email.txt', async (c) => {
    const state = await loadComparisonEdition(ctx, c.req.param('slug'), { gate: false });
    return emailResponse(c, state && 'prepared' in state ? state.prepared : undefined, 'text');
  });
  app.post('/draft/:slug/test-send', async (c) => {
    const slug = c.req.param('slug');
    const state = await loadComparisonEdition(ctx, slug);
    if (!state || !('week' in state)) return draftNotFound(c, slug);
    return testSend(c, state, `/draft/${slug}`);
  });

  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      const unsubscribe = deps.changes.subscribe((event) => {
        void stream.writeSSE({ event: 'change', data: JSON.stringify(event) });
      });
      const ping = setInterval(() => void stream.write(': ping\n\n'), SSE_PING_MS);
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 1000 });
        await closed;
      } finally {
        clearInterval(ping);
        unsubscribe();
      }
    }),
  );

  function editionResponse(c: Context, state: EditionState, basePath: string, kind: 'week' | 'draft') {
    const model = editionPage({
      state,
      basePath,
      kind,
      options: viewOptions((name) => c.req.query(name)),
      ctx,
      transportLabel: deps.testTransport(`${state.week.id}-test`, deps.clock()).label,
      notice: notices.get(c.req.query('notice')),
      lastAddress: notices.lastAddress(),
    });
    return c.html(pages.page('edition', model), 200, noStore);
  }

  function emailResponse(c: Context, prepared: PreparedEdition | undefined, part: 'html' | 'text') {
    if (!prepared || prepared.assembled.comparisons.length === 0) {
      return c.text('No email: nothing to send here, or the digest failed to render (see the page).', 404);
    }
    const copy = webCopy(prepared.rendered, deps.sender.publicUrl);
    if (part === 'text') return c.text(copy.text, 200, noStore);
    const html = c.req.query('scheme') === 'dark' ? forceDarkScheme(copy.html) : copy.html;
    return c.html(html, 200, noStore);
  }

  async function testSend(c: Context, state: EditionState, basePath: string) {
    const form = await c.req.parseBody();
    const address = typeof form.to === 'string' ? form.to : '';
    const force = form.force === '1' || form.force === 'on';
    // Post/redirect/get: the page after it finds the notice by an id only this process knows.
    const back = (result: { ok: boolean; text: string }, to: string) => {
      const text = result.ok || result.text.startsWith('not sent') ? result.text : `not sent: ${result.text}`;
      const id = notices.add(
        { tone: result.ok ? 'ok' : 'error', text: result.ok ? text : `Test ${text}` },
        to,
      );
      return c.redirect(`${basePath}?notice=${id}`, 303);
    };
    const normalized = normalizeEmail(address);
    if (!normalized.ok) return back({ ok: false, text: `"${address}" ${normalized.reason}` }, '');
    const { prepared } = state;
    if (!prepared || prepared.assembled.comparisons.length === 0) {
      return back({ ok: false, text: 'nothing to send' }, normalized.email);
    }
    const blocking = state.problems.length + (state.gate?.errors.length ?? 0);
    if (blocking > 0 && !force) {
      return back(
        {
          ok: false,
          text: `not sent: ${blocking} problem(s) and gate error(s); tick "send it anyway" to send regardless`,
        },
        normalized.email,
      );
    }
    const folder = `${prepared.rendered.week}-test`;
    const { transport, label } = deps.testTransport(folder, deps.clock());
    const result: TestCopyResult = await deliverTestCopy(
      transport,
      prepared.rendered,
      { subscriberId: 0, email: normalized.email },
      deps.sender,
      deps.clock(),
    );
    return back(
      result.ok
        ? { ok: true, text: `Test sent to ${normalized.email} through ${label}.` }
        : { ok: false, text: `not sent: ${result.reason}` },
      normalized.email,
    );
  }

  function weekNotFound(c: Context, id: string) {
    return c.html(
      pages.page('not-found', {
        title: 'No such week',
        heading: 'No such week',
        message: `"${id}" is not an ISO week such as 2026-W48 (or current, next, latest).`,
      }),
      404,
    );
  }

  function draftNotFound(c: Context, slug: string) {
    return c.html(
      pages.page('not-found', {
        title: 'No such comparison',
        heading: 'No such comparison',
        message: `No comparison file has the slug "${slug}".`,
      }),
      404,
    );
  }

  return app;
}

const noStore = { 'cache-control': 'no-store' };

/** The page for a comparison whose file is invalid: only its problems. */
function problemsOnlyPage(slug: string, problems: EditionState['problems']) {
  return {
    title: `Comparison: ${slug}`,
    heading: slug,
    subheading: 'This comparison cannot be shown until the problems below are fixed.',
    status: { tone: 'error', label: 'Content problems' },
    nav: {},
    problems: groupProblems(problems),
    comparisons: [],
    draftsThisWeek: [],
  };
}
