/** Reader votes on one tool. */
export interface ToolTally {
  name: string;
  ship: number;
  skip: number;
}

/** Reader votes on both tools of a comparison. */
export interface ComparisonTally {
  slug: string;
  title: string;
  tools: [ToolTally, ToolTally];
}
