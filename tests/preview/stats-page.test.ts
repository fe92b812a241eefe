import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recentEditionFigures } from '../../src/store/engagement/edition-stats.ts';
import { openDatabase, type StoreHandle } from '../../src/store/open-database.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { seedEngagement } from '../helpers/engagement-fixtures.ts';
import { copySampleContent, previewApp } from '../helpers/preview-fixtures.ts';

describe('the preview Stats page', () => {
  let database: TestDatabase;
  let handle: StoreHandle;
  let folders: Awaited<ReturnType<typeof copySampleContent>>;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    handle = await openDatabase(database.url);
    folders = await copySampleContent();
  });
  afterEach(async () => {
    await handle.close();
    await database.cleanup();
    await folders.cleanup();
  });

  const page = async (engagement?: () => ReturnType<typeof recentEditionFigures>) => {
    const { app } = previewApp(folders, engagement ? { engagement } : {});
    const response = await app.request('http://127.0.0.1/stats');
    expect(response.status).toBe(200);
    return response.text();
  };

  it('is linked from the index and says nothing was sent before the first send', async () => {
    const { app } = previewApp(folders);
    expect(await (await app.request('http://127.0.0.1/')).text()).toContain('<a href="/stats">Stats</a>');
    expect(await page()).toContain('Nothing sent yet');
  });

  it('shows each edition in the table, the rates chart and the comparisons ranked by readers who clicked', async () => {
    await seedEngagement(handle, { editions: 3, readers: 30 });
    const figures = await recentEditionFigures(handle, 12);
    const html = await page(() => recentEditionFigures(handle, 12));
    for (const edition of figures) {
      expect(html).toContain(
        `<tr><th scope="row">${edition.week}</th><td>${edition.sent}</td><td>${edition.delivered}</td>`,
      );
      const ranked = edition.comparisons.map((c) => c.title);
      const shown = [
        ...html
          .split(`<h2>${edition.week} · comparisons`)[1]!
          .split('</article>')[0]!
          .matchAll(/<span class="bar-label">([^<]*)<\/span>/g),
      ].map((m) => m[1]);
      expect(shown).toEqual(ranked.map((title) => title.replaceAll('&', '&amp;')));
    }
    expect(figures[0]!.comparisons[0]!.clicked).toBeGreaterThan(0);
    expect(html).toMatch(/<svg class="rates-chart rates-wide"[^>]*role="img"/);
    const chart = html.slice(html.indexOf('<svg class="rates-chart rates-wide"'), html.indexOf('</svg>'));
    expect(chart.match(/<path class="rate-(delivery|open|click)" d="M/g)).toHaveLength(3);
    expect(html).toContain('Apple Mail Privacy Protection');
    // Nothing from another origin: no external script, stylesheet, font or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    expect(html).not.toContain('@import');
  });
});
