import type { CompiledQuery, QueryResult } from 'kysely';

/** What runs a compiled query: a Kysely instance or a transaction. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** A statement compiled once: run it through Kysely, or take its SQL and bind its values yourself. */
export interface CompiledOnce<R> {
  (runner: QueryRunner, ...values: unknown[]): Promise<QueryResult<R>>;
  /** The SQL text, in the dialect of the database it was built on. */
  sql(): string;
  /** The parameters to bind for these values, in the SQL's order. */
  parameters(values: readonly unknown[]): unknown[];
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
): CompiledOnce<R> {
  let compiled: { query: CompiledQuery<R>; slots: (number | undefined)[] } | undefined;
  const prepare = () => {
    if (compiled) return compiled;
    const query = build(...Array.from({ length: arity }, (_, i) => `${SENTINEL}${i}`)).compile();
    const slots = query.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(SENTINEL)
        ? Number(value.slice(SENTINEL.length))
        : undefined,
    );
    const used = slots.filter((slot) => slot !== undefined).sort((a, b) => a - b);
    if (used.length !== arity || used.some((slot, i) => slot !== i))
      throw new Error(`compiledOnce: ${arity} values must each be one parameter of: ${query.sql}`);
    compiled = { query, slots };
    return compiled;
  };
  const parameters = (values: readonly unknown[]) => {
    const { query, slots } = prepare();
    return slots.map((slot, i) => (slot === undefined ? query.parameters[i] : values[slot]));
  };
  const run = (runner: QueryRunner, ...values: unknown[]): Promise<QueryResult<R>> =>
    runner.executeQuery<R>({ ...prepare().query, parameters: parameters(values) });
  return Object.assign(run, { sql: () => prepare().query.sql, parameters });
}
