/** A small seeded generator (mulberry32): the same seed gives the same run, so a failure replays. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    /** A string of `length` characters drawn from `alphabet`. */
    text: (length: number, alphabet: string) =>
      Array.from({ length }, () => alphabet[int(alphabet.length)]).join(''),
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
