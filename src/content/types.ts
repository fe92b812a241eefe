/** A verdict a reviewer gives a tool. */
export type Verdict = 'ship' | 'skip';

/** One of the two tools in a comparison, as the editor wrote it. */
export interface Tool {
  name: string;
  category: string;
  tagline: string;
  entry: string;
  /** Community vote in percent; null while nobody has voted. */
  community: number | null;
  url?: string | undefined;
  logo?: string | undefined;
  description?: string | undefined;
  /** The name the tool was shown under in earlier editions, so its facts are compared across a rename. */
  previously?: string | undefined;
}

/** One quote on the reviewer scorecard. */
export interface Review {
  lens: string;
  tool: string;
  verdict: Verdict;
  quote: string;
  highlight?: boolean | undefined;
}

/** A published (or draft) comparison, validated and with defaults applied. */
export interface Comparison {
  /** Path of the source file, as given to the loader (used in error messages). */
  file: string;
  slug: string;
  title: string;
  /** The `published` value as written (a date or an ISO datetime with offset). */
  published: string;
  /** The instant it was published, in UTC ISO form, with date-only values read in the site timezone. */
  publishedAt: string;
  draft: boolean;
  url: string;
  summary?: string | undefined;
  tools: [Tool, Tool];
  reviews: Review[];
  /** Markdown body under the frontmatter: editor's notes, never sent. */
  notes: string;
}

/** A reviewer lens from reviewers.yaml. */
export interface Reviewer {
  id: string;
  name: string;
  lens: string;
}

/** Editor's notes shaping one week's digest (issues/<week>.md). */
export interface IssueNote {
  file: string;
  week: string;
  subject?: string | undefined;
  preheader?: string | undefined;
  featured?: string | undefined;
  exclude: string[];
  include: string[];
  /** Markdown intro shown at the top of the digest; empty when absent. */
  intro: string;
}

/** A problem found in the content, naming the file and the field path. */
export interface ContentProblem {
  file: string;
  /** Field path such as `tools[1].community`; empty for whole-file problems. */
  field: string;
  message: string;
}

/** Everything loaded from a content folder, with every problem found along the way. */
export interface ContentSet {
  comparisons: Comparison[];
  reviewers: Reviewer[];
  problems: ContentProblem[];
}

export function formatProblem(problem: ContentProblem): string {
  return problem.field
    ? `${problem.file}: ${problem.field}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}
