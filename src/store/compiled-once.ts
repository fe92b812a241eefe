import type { CompiledQuery, QueryResult } from 'kysely';

/** What runs a compiled query: a Kysely instance or a transaction. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

const SENTINEL = '\u0000wv-parameter-';

/**
 * A query built and compiled once, then run with fresh values. Kysely builds and compiles every query
 * anew (tens of microseconds each), which the vote route would pay for each of its statements on every
 * POST. `build` is called once with stand-ins for `arity` values; each stand-in must become exactly one
 * parameter (checked), and each run binds its own values in their place.
 */
export function compiledOnce<R>(
  arity: number,
  build: (...values: string[]) => { compile(): CompiledQuery<R> },
): (runner: QueryRunner, ...values: unknown[]) => Promise<QueryResult<R>> {
  let compiled: { query: CompiledQuery<R>; slots: (number | undefined)[] } | undefined;
  const prepare = () => {
    const query = build(...Array.from({ length: arity }, (_, i) => `${SENTINEL}${i}`)).compile();
    const slots = query.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(SENTINEL)
        ? Number(value.slice(SENTINEL.length))
        : undefined,
    );
    const used = slots.filter((slot) => slot !== undefined).sort();
    if (used.length !== arity || used.some((slot, i) => slot !== i))
      throw new Error(`compiledOnce: ${arity} values must each be one parameter of: ${query.sql}`);
    return { query, slots };
  };
  return (runner, ...values) => {
    compiled ??= prepare();
    const { query, slots } = compiled;
    const parameters = slots.map((slot, i) => (slot === undefined ? query.parameters[i] : values[slot]));
    return runner.executeQuery({ ...query, parameters });
  };
}
