import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { type ComparisonTally, createTallyReader } from '../store/vote-tallies.ts';
import { editionNumber } from '../votes/edition-number.ts';
import { shipPercent } from '../votes/ship-share.ts';
import type { Runtime } from './runtime.ts';

/** One comparison in the JSON outputs: its slug and each tool's counts. */
interface JsonComparison {
  slug: string;
  tools: { name: string; ship: number; skip: number }[];
}

const asJson = (tallies: ComparisonTally[]): JsonComparison[] =>
  tallies.map(({ slug, tools }) => ({
    slug,
    tools: tools.map(({ name, ship, skip }) => ({ name, ship, skip })),
  }));

/** `verdicts votes [--week W] [--json]` and `verdicts votes export [--output FILE]`. */
export function registerVotesCommands(
  program: Command,
  getRuntime: () => Runtime,
  setExitCode: (code: number) => void,
): void {
  const votes = program
    .command('votes')
    .description('reader votes (Ship it / Skip it) per comparison and tool, for one issue or all of them')
    .option('--week <week>', 'only the votes cast through this issue (e.g. 2026-W48)', isoWeek)
    .option('--json', 'print JSON: {"week","comparisons":[{"slug","tools":[{"name","ship","skip"}]}]}')
    .action(async (options: { week?: string | undefined; json?: boolean | undefined }) => {
      setExitCode(await votesCommand(getRuntime(), options));
    });
  votes
    .command('export')
    .description("every comparison's reader votes across all issues, as one JSON document for the site")
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (options: { output?: string | undefined }) => {
      setExitCode(await exportVotesCommand(getRuntime(), options));
    });
}

function isoWeek(value: string): string {
  if (editionNumber(value) === undefined)
    throw new InvalidArgumentError('must be an ISO week such as 2026-W48');
  return value;
}

async function votesCommand(
  runtime: Runtime,
  options: { week?: string | undefined; json?: boolean | undefined },
): Promise<number> {
  const handle = await runtime.openStore();
  try {
    const tallies = createTallyReader(handle.db);
    const found = options.week ? await tallies.week(options.week) : await tallies.all();
    if (!found) {
      runtime.stderr(`${options.week}: no issue of that week has been sent, so it has no votes.`);
      return 1;
    }
    if (options.json) {
      const document = options.week
        ? { week: options.week, comparisons: asJson(found) }
        : { comparisons: asJson(found) };
      runtime.stdout(JSON.stringify(document));
      return 0;
    }
    printTallies(
      runtime,
      options.week ? `Reader votes cast through ${options.week}` : 'Reader votes, all issues',
      found,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

function printTallies(runtime: Runtime, heading: string, tallies: ComparisonTally[]): void {
  runtime.stdout(heading);
  if (tallies.length === 0) runtime.stdout('  no issue has been sent yet');
  const width = Math.max(4, ...tallies.flatMap((t) => t.tools.map((tool) => tool.name.length)));
  for (const comparison of tallies) {
    runtime.stdout('');
    runtime.stdout(`${comparison.title} (${comparison.slug})`);
    for (const tool of comparison.tools) {
      const percent = shipPercent(tool);
      const share = percent === null ? '—' : `${percent}% ship`;
      runtime.stdout(
        `  ${tool.name.padEnd(width)}  ship ${String(tool.ship).padStart(5)}  skip ${String(tool.skip).padStart(5)}  ${share}`,
      );
    }
  }
}

async function exportVotesCommand(
  runtime: Runtime,
  options: { output?: string | undefined },
): Promise<number> {
  const handle = await runtime.openStore();
  try {
    const document = `${JSON.stringify({ comparisons: asJson(await createTallyReader(handle.db).all()) }, null, 2)}\n`;
    if (!options.output) {
      runtime.writeOut(document);
      return 0;
    }
    await writeFile(options.output, document);
    runtime.stderr(`wrote ${options.output}`);
    return 0;
  } finally {
    await handle.close();
  }
}
