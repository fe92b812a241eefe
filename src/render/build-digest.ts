import type { AssembledWeek } from '../content/assemble.ts';
import { isComparisonSplit, panelShipPercent, pullQuote, reviewsOf } from '../content/derive.ts';
import type { Comparison, Reviewer, Tool } from '../content/types.ts';
import { formatWeekRange } from '../content/week.ts';
import { voteLinks } from '../votes/vote-links.ts';
import { compareFacts, type LastShown } from './compare-facts.ts';
import type { Digest, DigestComparison, DigestTool } from './digest-model.ts';
import { introMarkdown } from './markdown.ts';
import {
  PREFERENCES_URL_PLACEHOLDER,
  RECIPIENT_EMAIL_PLACEHOLDER,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from './placeholders.ts';
import { DEFAULT_PREHEADER, DEFAULT_SUBJECT, renderLine, subjectContext } from './subject.ts';

export interface DigestSettings {
  siteUrl: string;
  postalAddress: string;
  /** Base of the public archive; the web version is `<archiveBase>/<week>` when set. */
  archiveBaseUrl?: string | undefined;
  /** `<PUBLIC_URL>/vote`: each tool gets Ship it / Skip it links when set (issue #16). */
  voteUrl?: string | undefined;
}

/**
 * Builds the digest for a week with placeholders for the per-recipient values. `lastShown` is the send
 * history as data: each tool's facts as a sent edition last showed them, so changes can be shown. Pure.
 */
export function buildDigest(
  assembled: AssembledWeek,
  reviewers: readonly Reviewer[],
  settings: DigestSettings,
  lastShown: LastShown = () => undefined,
): Digest {
  const { week, note } = assembled;
  const comparisons = assembled.comparisons.map((comparison) =>
    toDigestComparison(comparison, reviewers, comparison.slug === assembled.featured, lastShown),
  );
  const { voteUrl } = settings;
  if (voteUrl) {
    for (const comparison of comparisons) {
      comparison.tools.forEach((tool, index) => {
        tool.vote = voteLinks(voteUrl, comparison.slug, index);
      });
    }
  }
  const rangeLabel = formatWeekRange(week);
  const context = subjectContext(comparisons, { id: week.id, range: rangeLabel });
  const intro = note?.intro ? { html: introMarkdown.render(note.intro), text: note.intro } : undefined;
  return {
    week: week.id,
    rangeLabel,
    subject: renderLine(note?.subject ?? DEFAULT_SUBJECT, context),
    preheader: renderLine(note?.preheader ?? DEFAULT_PREHEADER, context),
    intro,
    comparisons,
    siteUrl: settings.siteUrl,
    webUrl: settings.archiveBaseUrl ? `${settings.archiveBaseUrl}/${week.id}` : undefined,
    postalAddress: settings.postalAddress,
    unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER,
    preferencesUrl: PREFERENCES_URL_PLACEHOLDER,
    recipientEmail: RECIPIENT_EMAIL_PLACEHOLDER,
  };
}

function toDigestComparison(
  comparison: Comparison,
  reviewers: readonly Reviewer[],
  featured: boolean,
  lastShown: LastShown,
): DigestComparison {
  const [first, second] = comparison.tools;
  const tool = (t: Tool) => toDigestTool(comparison, t, reviewers, lastShown);
  return {
    slug: comparison.slug,
    title: comparison.title,
    url: comparison.url,
    summary: comparison.summary,
    featured,
    split: isComparisonSplit(comparison),
    tools: [tool(first), tool(second)],
  };
}

function toDigestTool(
  comparison: Comparison,
  tool: Tool,
  reviewers: readonly Reviewer[],
  lastShown: LastShown,
): DigestTool {
  const reviews = reviewsOf(comparison, tool.name);
  const quote = pullQuote(reviews);
  const reviewer = quote ? reviewers.find((r) => r.id === quote.lens) : undefined;
  const panelShip = panelShipPercent(reviews);
  const past = lastShown(tool);
  const changes = past && compareFacts({ entry: tool.entry, panelShip, community: tool.community }, past);
  return {
    name: tool.name,
    category: tool.category,
    tagline: tool.tagline,
    entry: tool.entry,
    community: tool.community,
    panelShip,
    shipCount: reviews.filter((r) => r.verdict === 'ship').length,
    reviewCount: reviews.length,
    url: tool.url,
    logo: tool.logo,
    quote: quote
      ? {
          text: quote.quote,
          verdict: quote.verdict,
          reviewerName: reviewer?.name ?? quote.lens,
          lens: reviewer?.lens ?? '',
        }
      : undefined,
    ...(changes ? { changes } : {}),
  };
}
