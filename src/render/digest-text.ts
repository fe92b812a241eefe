import type { Verdict } from '../content/types.ts';
import { changeText, sinceText } from './change-line.ts';
import type { Digest, DigestComparison, DigestTool } from './digest-model.ts';
import { markdownToText } from './markdown-text.ts';
import { TEXT_WIDTH, wrap } from './wrap.ts';

const RULE = '-'.repeat(TEXT_WIDTH);
const HEAVY_RULE = '='.repeat(TEXT_WIDTH);

/** "3 of 4 reviewers ship"; "No panel reviews yet" when nobody on the panel reviewed the tool. */
export function shipCaption(percent: number | null, shipCount: number, reviewCount: number): string {
  if (percent === null || reviewCount === 0) return 'No panel reviews yet';
  return reviewCount === 1
    ? `${shipCount} of 1 reviewer ships`
    : `${shipCount} of ${reviewCount} reviewers ship`;
}

/** The community vote as shown in both versions: "62%", or "—" while nobody has voted. */
export function communityLabel(community: number | null): string {
  return community === null ? '—' : `${Math.round(community)}%`;
}

/** The panel ship share as shown in both versions: "75%", or "—" without reviews. */
export function panelShipLabel(percent: number | null): string {
  return percent === null ? '—' : `${Math.round(percent)}%`;
}

export function verdictLabel(verdict: Verdict): string {
  return verdict === 'ship' ? 'Ship' : 'Skip';
}

/**
 * The plain-text part of the digest: the same content as the HTML, laid out for a monospace reader and
 * wrapped at 72 columns. Per-recipient placeholders pass through untouched.
 */
export function renderDigestText(digest: Digest): string {
  const count = digest.comparisons.length;
  const blocks: string[] = [
    [
      'WEEKLY VERDICTS',
      `Issue ${digest.week} · ${digest.rangeLabel}`,
      `${count} ${count === 1 ? 'comparison' : 'comparisons'} this week`,
    ].join('\n'),
  ];
  if (digest.weekTotal !== undefined && digest.weekTotal > count) {
    const whole = digest.webUrl ? `\nThe whole week: ${digest.webUrl}` : '';
    blocks.push(
      `Your topics: ${count} of this week's ${digest.weekTotal} comparisons.${whole}\nChange topics: ${digest.preferencesUrl}`,
    );
  }
  if (digest.webUrl) blocks.push(`View in your browser:\n${digest.webUrl}`);
  if (digest.intro && digest.intro.text.trim() !== '') {
    blocks.push(`FROM THE EDITOR\n\n${markdownToText(digest.intro.text)}`);
  }
  for (const comparison of digest.comparisons) blocks.push(comparisonText(comparison));
  if (digest.readersVoted && digest.readersVoted.length > 0) {
    blocks.push([HEAVY_RULE, ...digest.readersVoted.map((line) => wrap(line))].join('\n'));
  }
  blocks.push(footerText(digest));
  return `${blocks.join('\n\n')}\n`;
}

function comparisonText(comparison: DigestComparison): string {
  const labels = [comparison.featured ? '[FEATURED]' : '', comparison.split ? '[SPLIT PANEL]' : '']
    .filter(Boolean)
    .join(' ');
  const head = [HEAVY_RULE];
  if (labels) head.push(labels);
  head.push(wrap(comparison.title), comparison.url);
  const parts = [head.join('\n')];
  if (comparison.summary) parts.push(wrap(comparison.summary));
  parts.push(...comparison.tools.map(toolText));
  return parts.join('\n\n');
}

function toolText(tool: DigestTool, index: number): string {
  const lines = [
    `${index === 0 ? 'A' : 'B'}. ${tool.name.toUpperCase()}`,
    wrap(`${tool.category} · ${tool.tagline}`, '   ', '   '),
    '',
    `   Panel ship  ${panelShipLabel(tool.panelShip).padEnd(5)}${textBar(tool.panelShip)}  ${shipCaption(
      tool.panelShip,
      tool.shipCount,
      tool.reviewCount,
    )}`,
    `   Community   ${communityLabel(tool.community)}`,
    `   Entry       ${tool.entry}`,
    // Never wrapped: each change keeps its old and new value on one line.
    ...(tool.changes
      ? [
          `   Changed     ${sinceText(tool.changes.since)}`,
          ...tool.changes.facts.map((change) => `               ${changeText(change)}`),
        ]
      : []),
  ];
  if (tool.url) lines.push(`   Website     ${tool.url}`);
  if (tool.quote) {
    const { quote } = tool;
    lines.push(
      '',
      `   ${verdictLabel(quote.verdict).toUpperCase()} — ${quote.reviewerName}`,
      ...(quote.lens ? [wrap(quote.lens, '   ', '   ')] : []),
      '',
      wrap(`“${quote.text.trim()}”`, '     ', '     '),
    );
  }
  // Never wrapped: a link must stay whole to be followed.
  if (tool.vote) lines.push('', `   Ship it: ${tool.vote.ship}`, `   Skip it: ${tool.vote.skip}`);
  return lines.join('\n');
}

/** A ten-step bar, e.g. "[########--]"; blank track when there are no reviews. */
function textBar(percent: number | null): string {
  const filled = percent === null ? 0 : Math.round(Math.min(100, Math.max(0, percent)) / 10);
  return `[${'#'.repeat(filled)}${'-'.repeat(10 - filled)}]`;
}

function footerText(digest: Digest): string {
  const host = digest.siteUrl.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  const address = digest.postalAddress
    .split(/\r?\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
  return [
    RULE,
    wrap(`You are receiving this because you subscribed to Weekly Verdicts at ${host}. One issue a week.`),
    '',
    `Sent to ${digest.recipientEmail}`,
    wrap(address),
    '',
    `Choose topics or pause: ${digest.preferencesUrl}`,
    `Unsubscribe: ${digest.unsubscribeUrl}`,
  ].join('\n');
}
