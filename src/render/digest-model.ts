import type { Verdict } from '../content/types.ts';

/** A tool as the digest shows it: content plus derived figures. */
export interface DigestTool {
  name: string;
  category: string;
  tagline: string;
  entry: string;
  /** Community vote in percent; null shows as "—". */
  community: number | null;
  /** Panel ship % (0–100); null when the tool has no reviews ("—"). */
  panelShip: number | null;
  shipCount: number;
  reviewCount: number;
  url?: string | undefined;
  logo?: string | undefined;
  quote?: DigestQuote | undefined;
  /** Facts that differ from the last sent edition showing this tool; absent when none do. */
  changes?: ToolChanges | undefined;
  /** The reader's "Ship it" and "Skip it" links (their token is a placeholder); absent without a vote URL. */
  vote?: VoteLinks | undefined;
}

/** Where a reader's vote on one tool goes; see votes/vote-links.ts. */
export interface VoteLinks {
  ship: string;
  skip: string;
}

/** What changed since a sent edition last showed a tool. */
export interface ToolChanges {
  /** The week of the sent edition that last showed the tool, with the old values. */
  since: string;
  /** At least one; in the order entry, panel, community. */
  facts: FactChange[];
}

/** One fact of a tool that changed, both values as readers see them. */
export interface FactChange {
  fact: 'entry' | 'panel' | 'community';
  /** "$15/mo", "75%", "—". */
  from: string;
  to: string;
}

export interface DigestQuote {
  text: string;
  verdict: Verdict;
  /** Reviewer name from reviewers.yaml, e.g. "The Builder". */
  reviewerName: string;
  /** The reviewer's lens, e.g. "Developer experience and the weekend-alternative test". */
  lens: string;
}

export interface DigestComparison {
  slug: string;
  title: string;
  /** Absolute link to the comparison page on the site. */
  url: string;
  summary?: string | undefined;
  featured: boolean;
  /** Either tool has both ship and skip verdicts. */
  split: boolean;
  tools: [DigestTool, DigestTool];
}

/** Everything the digest templates need; a pure value built from content, notes and config. */
export interface Digest {
  /** ISO week id, e.g. 2026-W48. */
  week: string;
  /** "23–29 November 2026". */
  rangeLabel: string;
  subject: string;
  preheader: string;
  /** Editor's intro, rendered from Markdown with raw HTML disabled; absent when there is none. */
  intro?: { html: string; text: string } | undefined;
  comparisons: DigestComparison[];
  siteUrl: string;
  /** Where the archive copy of this issue lives (web view). */
  webUrl?: string | undefined;
  postalAddress: string;
  /** Placeholder or real URL; see placeholders.ts. */
  unsubscribeUrl: string;
  /** The reader's preferences page (topics, pause); placeholder or real URL. */
  preferencesUrl: string;
  /** Placeholder or real address; shown in the footer ("sent to …"). */
  recipientEmail: string;
  /**
   * What readers voted on the last issue's tools (issue #16), as lines ready to show: "Readers voted: 71%
   * would ship Cursor (n = 120)". Absent when no tool had enough votes.
   */
  readersVoted?: string[] | undefined;
  /** In a reader's topic copy (a variant): how many comparisons the whole week has. */
  weekTotal?: number | undefined;
}
