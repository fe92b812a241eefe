/** The two databases the store runs on: SQLite (embedded default) and PostgreSQL (scale-out). */
export type SqlDialect = 'sqlite' | 'postgres';
