import { editionFigures, recentEditionFigures } from '../store/engagement/edition-stats.ts';
import type { Runtime } from './runtime.ts';
import { detailCsv, editionDetail, editionsCsv, editionsTable, withRates } from './stats-report.ts';

/** How many editions the overview shows. */
export const RECENT_EDITIONS = 12;

export interface StatsOptions {
  week?: string | undefined;
  json?: boolean | undefined;
  csv?: boolean | undefined;
}

/**
 * `verdicts stats [--week W] [--json] [--csv]`: what readers did with the last editions (one line each),
 * or with one edition in detail. A week that was never sent exits 1, naming it.
 */
export async function statsCommand(runtime: Runtime, options: StatsOptions): Promise<number> {
  const handle = await runtime.openStore();
  try {
    if (options.week === undefined) {
      const editions = await recentEditionFigures(handle, RECENT_EDITIONS);
      if (options.json) runtime.stdout(JSON.stringify({ editions: editions.map(withRates) }, null, 2));
      else if (options.csv) runtime.writeOut(editionsCsv(editions));
      else for (const line of editionsTable(editions)) runtime.stdout(line);
      return 0;
    }
    const figures = await editionFigures(handle, options.week, { links: true });
    if (!figures) {
      runtime.stderr(`--week ${options.week}: no edition of that week has been sent`);
      return 1;
    }
    if (options.json) runtime.stdout(JSON.stringify(withRates(figures), null, 2));
    else if (options.csv) runtime.writeOut(detailCsv(figures));
    else for (const line of editionDetail(figures)) runtime.stdout(line);
    return 0;
  } finally {
    await handle.close();
  }
}
