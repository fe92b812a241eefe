import type { Verdict } from '../content/types.ts';
import type { Digest, DigestComparison, DigestTool } from './digest-model.ts';

/** Column the prose is wrapped at. */
export const TEXT_WIDTH = 72;

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
  if (digest.webUrl) blocks.push(`View in your browser:\n${digest.webUrl}`);
  if (digest.intro && digest.intro.text.trim() !== '') {
    blocks.push(`FROM THE EDITOR\n\n${markdownToText(digest.intro.text)}`);
  }
  for (const comparison of digest.comparisons) blocks.push(comparisonText(comparison));
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
    `Unsubscribe: ${digest.unsubscribeUrl}`,
  ].join('\n');
}

/**
 * The intro arrives as the editor's Markdown. Links become "text (url)", emphasis markers go, headings
 * lose their hashes; paragraphs are re-wrapped and list items keep a hanging indent.
 */
function markdownToText(markdown: string): string {
  const inline = (s: string) =>
    s
      .replace(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) =>
        label && label !== url ? `${label} (${url})` : url,
      )
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/`([^`]+)`/g, '$1');
  const paragraphs = markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    // A paragraph is running prose, list items (each with its marker), or both.
    const items: Array<{ marker: string; text: string }> = [];
    for (const raw of paragraph.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      const bullet = /^([-*+]|\d+[.)])\s+(.*)$/.exec(line);
      const last = items[items.length - 1];
      if (heading) items.push({ marker: '', text: inline(heading[1] ?? '') });
      else if (bullet)
        items.push({
          marker: /^\d/.test(bullet[1] ?? '') ? `${bullet[1]} ` : '- ',
          text: inline(bullet[2] ?? ''),
        });
      else if (last) last.text += ` ${inline(line)}`;
      else items.push({ marker: '', text: inline(line) });
    }
    const rendered = items.map(({ marker, text }) => wrap(text, marker, ' '.repeat(marker.length)));
    if (rendered.length > 0) out.push(rendered.join('\n'));
  }
  return out.join('\n\n');
}

/**
 * Greedy word wrap at TEXT_WIDTH columns, counting code points. Words longer than a line (URLs) keep a
 * line of their own rather than being broken.
 */
export function wrap(text: string, firstIndent = '', restIndent = firstIndent): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && width(candidate) > TEXT_WIDTH) {
      lines.push(line);
      line = `${restIndent}${word}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd()).join('\n');
}

function width(s: string): number {
  return Array.from(s).length;
}
