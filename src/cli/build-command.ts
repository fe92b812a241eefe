import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem } from '../content/types.ts';
import { prepareEdition } from '../edition/prepare-edition.ts';
import { webCopy } from '../edition/web-copy.ts';
import { editionSource, type FolderOptions, folders, type Runtime } from './runtime.ts';
import { openSendHistory } from './send-history.ts';

export interface BuildOptions extends FolderOptions {
  week: string;
}

/**
 * `verdicts build`: writes <out>/<week>.html, .txt and .json. Same inputs and the same send history give
 * byte-identical files; building never counts as sending.
 */
export async function buildCommand(runtime: Runtime, options: BuildOptions): Promise<number> {
  const { outDir } = folders(runtime, options);
  const opened = openSendHistory(runtime);
  const prepared = await prepareEdition(
    editionSource(runtime, options, opened.history),
    options.week,
    runtime.clock(),
  ).finally(() => opened.close());
  if (prepared.problems.length > 0) {
    for (const problem of prepared.problems) runtime.stderr(formatProblem(problem));
    runtime.stderr(
      `${prepared.problems.length} problems: nothing was built. Run \`verdicts check\` after fixing them.`,
    );
    return 1;
  }
  const week = prepared.week.id;
  if (prepared.assembled.comparisons.length === 0) {
    runtime.stdout(`${week} has no comparisons: nothing to build.`);
    return 0;
  }
  const { html, text } = webCopy(prepared.rendered, runtime.config.publicUrl);
  const summary = {
    week,
    subject: prepared.rendered.subject,
    preheader: prepared.rendered.preheader,
    comparisons: prepared.assembled.comparisons.map((c) => c.slug),
    htmlBytes: Buffer.byteLength(html),
  };
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, week);
  await writeFile(`${base}.html`, html);
  await writeFile(`${base}.txt`, text);
  await writeFile(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  runtime.stdout(`${week}: "${summary.subject}" with ${summary.comparisons.length} comparisons`);
  runtime.stdout(`  ${base}.html (${(summary.htmlBytes / 1024).toFixed(1)} KB)`);
  runtime.stdout(`  ${base}.txt`);
  runtime.stdout(`  ${base}.json`);
  return 0;
}
