import type { Hono } from 'hono';
import { formatWeekRange, parseWeekId } from '../../content/week.ts';
import { withoutPersonalValues } from '../../edition/web-copy.ts';
import { atomXml } from '../atom-feed.ts';
import { RequestError } from '../errors.ts';
import type { Pages } from '../pages.ts';

/** A sent issue as the public archive shows it. */
export interface ArchivedIssue {
  week: string;
  subject: string;
  preheader: string;
  html: string;
  /** When sending started (ISO). */
  sentAt: string;
}

/** Reads sent issues (the editions in the delivery ledger). */
export interface ArchiveReader {
  list(limit: number): Promise<Omit<ArchivedIssue, 'html'>[]>;
  get(week: string): Promise<ArchivedIssue | undefined>;
}

interface ArchiveDeps {
  archive?: ArchiveReader | undefined;
  pages: Pages;
  publicUrl: string;
}

/**
 * `/archive` lists sent issues, `/archive/<week>` shows one as a web page with no personal links, and
 * `/feed.xml` is an Atom feed for readers who prefer one.
 */
export function registerArchiveRoutes(app: Hono, deps: ArchiveDeps): void {
  const archive = deps.archive;
  if (!archive) return;

  app.get('/archive', async (c) => {
    const issues = (await archive.list(200)).map((issue) => ({
      ...issue,
      range: rangeOf(issue.week),
      href: `/archive/${issue.week}`,
    }));
    return c.html(deps.pages.render('archive', { title: 'Archive', issues, empty: issues.length === 0 }));
  });

  app.get('/archive/:week', async (c) => {
    const week = c.req.param('week');
    const issue = /^\d{4}-W\d{2}$/.test(week) ? await archive.get(week) : undefined;
    if (!issue) throw new RequestError(404, 'not_found', `No issue ${week} has been sent.`);
    // The email is a whole document with inline styles: it gets a CSP of its own.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; frame-ancestors 'none'",
    );
    c.header('Cache-Control', 'public, max-age=3600');
    // A reader of the archive has no personal link: "unsubscribe" leads to the signup page instead.
    return c.html(
      withoutPersonalValues(issue.html, {
        unsubscribeUrl: `${deps.publicUrl}/`,
        preferencesUrl: `${deps.publicUrl}/`,
        recipient: 'subscribers',
      }),
    );
  });

  app.get('/feed.xml', async (c) => {
    const issues = await archive.list(50);
    const xml = atomXml({
      id: `${deps.publicUrl}/archive`,
      title: 'Weekly Verdicts',
      subtitle: 'AI tools compared side by side, every week.',
      link: `${deps.publicUrl}/archive`,
      self: `${deps.publicUrl}/feed.xml`,
      rights: 'Weekly Verdicts',
      updated: issues[0] ? new Date(issues[0].sentAt) : new Date(0),
      entries: issues.map((issue) => ({
        id: `${deps.publicUrl}/archive/${issue.week}`,
        link: `${deps.publicUrl}/archive/${issue.week}`,
        title: issue.subject,
        summary: issue.preheader,
        updated: new Date(issue.sentAt),
      })),
    });
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    return c.body(xml);
  });
}

function rangeOf(weekId: string): string {
  const week = parseWeekId(weekId, 'UTC');
  return 'error' in week ? weekId : formatWeekRange(week);
}
