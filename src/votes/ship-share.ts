/** Votes on one tool. */
export interface Counts {
  ship: number;
  skip: number;
}

/** The ship share in whole percent (half up), or null with no votes. */
export function shipPercent({ ship, skip }: Counts): number | null {
  const total = ship + skip;
  return total === 0 ? null : Math.round((ship / total) * 100);
}

/** "71% would ship Cursor (n = 120)"; "No reader votes on Cursor yet" with none. */
export function shipLine(name: string, counts: Counts): string {
  const percent = shipPercent(counts);
  if (percent === null) return `No reader votes on ${name} yet`;
  return `${percent}% would ship ${name} (n = ${(counts.ship + counts.skip).toLocaleString('en-US')})`;
}
