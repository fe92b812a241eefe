/** A week that cannot be named or built (a bad `--week`, a week with nothing in it): a usage error. */
export class WeekError extends Error {
  override name = 'WeekError';
}
