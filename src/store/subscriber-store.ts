import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import { normalizeEmail } from '../subscribers/email-address.ts';
import { countUnsubscribe } from './engagement/unsubscribe-attribution.ts';
import {
  type Database,
  SUBSCRIBER_STATUSES,
  type SubscriberStatus,
  type SubscribersTable,
} from './schema.ts';

export type Subscriber = Selectable<SubscribersTable>;

export interface NewSubscriber {
  email: string;
  name?: string | null | undefined;
  status: SubscriberStatus;
  source: string;
}

export interface ImportRow {
  email: string;
  name?: string | null | undefined;
}

export interface ListOptions {
  status?: SubscriberStatus | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** The subscriber list. Addresses are normalized on the way in; an existing row is never overwritten. */
export interface SubscriberStore {
  /** Inserts unless the address exists; an existing subscriber is returned unchanged (`created: false`). */
  add(input: NewSubscriber): Promise<{ subscriber: Subscriber; created: boolean }>;
  findByEmail(email: string): Promise<Subscriber | undefined>;
  findById(id: number): Promise<Subscriber | undefined>;
  /** Ordered by id; `limit` defaults to 100. */
  list(options?: ListOptions): Promise<Subscriber[]>;
  countByStatus(): Promise<Record<SubscriberStatus, number>>;
  /** Returns the updated row, or undefined when there is no such id. */
  setStatus(id: number, status: SubscriberStatus): Promise<Subscriber | undefined>;
  /**
   * Moves a subscriber to `to` only while its status is one of `from` (a compare-and-set, so two requests
   * racing on one row change it once). Returns the updated row, or undefined when nothing changed.
   * Going back to `pending` keeps `confirmed_at` and `unsubscribed_at` as the record of earlier consent.
   */
  transition(
    id: number,
    from: readonly SubscriberStatus[],
    to: SubscriberStatus,
    /** Why, for a move to `bounced` or `complained` (shown in the list and the export). */
    reason?: string,
  ): Promise<Subscriber | undefined>;
  /**
   * Sets what a subscriber reads: the topic ids they follow (null or empty: everything) and a pause
   * (null: none). Returns the updated row, or undefined when there is no such id.
   */
  setPreferences(
    id: number,
    preferences: { topics: readonly string[] | null; pausedUntil: string | null },
  ): Promise<Subscriber | undefined>;
  /** Sets the display name (trimmed; empty means none). Returns the updated row. */
  setName(id: number, name: string | null | undefined): Promise<Subscriber | undefined>;
  remove(email: string): Promise<boolean>;
  /** Every subscriber by id, fetched `batchSize` rows at a time (keyset paging, constant memory). */
  stream(batchSize?: number): AsyncGenerator<Subscriber, void, undefined>;
  /** Insert-if-absent in chunks; counts are of distinct addresses. */
  importMany(
    rows: Iterable<ImportRow>,
    options: { status: SubscriberStatus; source: string },
  ): Promise<{ inserted: number; unchanged: number }>;
}

const IMPORT_CHUNK = 500;

/**
 * A SubscriberStore over either dialect. Throws on an invalid address: callers validate input with
 * `normalizeEmail` first, so reaching the store with one is a bug.
 */
export function createSubscriberStore(db: Kysely<Database>, clock: () => Date): SubscriberStore {
  const now = () => clock().toISOString();

  const newRow = (
    email: string,
    name: string | null | undefined,
    status: SubscriberStatus,
    source: string,
  ) => {
    const at = now();
    return {
      email: validEmail(email),
      name: cleanName(name),
      status,
      source,
      created_at: at,
      updated_at: at,
      confirmed_at: status === 'active' ? at : null,
      unsubscribed_at: status === 'unsubscribed' ? at : null,
    } satisfies Insertable<SubscribersTable>;
  };

  const findByEmail = async (email: string) => {
    const normalized = normalizeEmail(email);
    if (!normalized.ok) return undefined;
    return db.selectFrom('subscribers').selectAll().where('email', '=', normalized.email).executeTakeFirst();
  };

  return {
    async add({ email, name, status, source }) {
      const row = newRow(email, name, status, source);
      const inserted = await db
        .insertInto('subscribers')
        .values(row)
        .onConflict((oc) => oc.column('email').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { subscriber: inserted, created: true };
      const existing = await findByEmail(row.email);
      if (!existing) throw new Error(`subscriber ${row.email} conflicted on insert but cannot be found`);
      return { subscriber: existing, created: false };
    },

    findByEmail,

    findById: (id) => db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst(),

    async list({ status, limit = 100, offset = 0 } = {}) {
      let query = db.selectFrom('subscribers').selectAll().orderBy('id').limit(limit).offset(offset);
      if (status !== undefined) query = query.where('status', '=', status);
      return query.execute();
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('subscribers')
        .select(['status', (eb) => eb.fn.countAll().as('count')])
        .groupBy('status')
        .execute();
      const counts = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<
        SubscriberStatus,
        number
      >;
      // pg returns count(*) as an int8 string.
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },

    setStatus: (id, status) =>
      db
        .updateTable('subscribers')
        .set((eb) => statusChange(eb, status, now()))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),

    async transition(id, from, to, reason) {
      if (from.length === 0) return undefined;
      const changed = await db
        .updateTable('subscribers')
        .set((eb) => statusChange(eb, to, now(), reason))
        .where('id', '=', id)
        .where('status', 'in', from)
        .returningAll()
        .executeTakeFirst();
      // A reader leaving is a figure of the edition they last received (what readers did with it).
      if (changed && to === 'unsubscribed') await countUnsubscribe(db, id);
      return changed;
    },

    setPreferences: (id, { topics, pausedUntil }) =>
      db
        .updateTable('subscribers')
        .set({
          topics: topics && topics.length > 0 ? [...new Set(topics)].sort().join(',') : null,
          paused_until: pausedUntil,
          updated_at: now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),

    setName: (id, name) =>
      db
        .updateTable('subscribers')
        .set({ name: cleanName(name), updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),

    async remove(email) {
      const normalized = normalizeEmail(email);
      if (!normalized.ok) return false;
      const result = await db
        .deleteFrom('subscribers')
        .where('email', '=', normalized.email)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async *stream(batchSize = 500) {
      let after = 0;
      for (;;) {
        const page = await db
          .selectFrom('subscribers')
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize)
          .execute();
        yield* page;
        const last = page[page.length - 1];
        if (!last || page.length < batchSize) return;
        after = last.id;
      }
    },

    async importMany(rows, { status, source }) {
      // Dedupe first so the counts describe addresses, not input lines.
      const byEmail = new Map<string, ReturnType<typeof newRow>>();
      for (const row of rows) {
        const fresh = newRow(row.email, row.name, status, source);
        if (!byEmail.has(fresh.email)) byEmail.set(fresh.email, fresh);
      }
      const all = [...byEmail.values()];
      let inserted = 0;
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < all.length; start += IMPORT_CHUNK) {
          const result = await trx
            .insertInto('subscribers')
            .values(all.slice(start, start + IMPORT_CHUNK))
            .onConflict((oc) => oc.column('email').doNothing())
            .executeTakeFirst();
          inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
        }
      });
      return { inserted, unchanged: all.length - inserted };
    },
  };
}

/** The columns a status change sets; status timestamps keep their value when the status stays the same. */
function statusChange(
  eb: ExpressionBuilder<Database, 'subscribers'>,
  status: SubscriberStatus,
  at: string,
  reason?: string,
) {
  const suppressed = status === 'bounced' || status === 'complained';
  return {
    status,
    updated_at: at,
    // A suppression says why; any other status clears it (an operator re-activated the address).
    suppressed_reason: suppressed ? (reason ?? null) : null,
    ...(status === 'active' && {
      confirmed_at: eb.case().when('status', '=', 'active').then(eb.ref('confirmed_at')).else(at).end(),
      unsubscribed_at: null,
    }),
    ...(status === 'unsubscribed' && {
      unsubscribed_at: eb
        .case()
        .when('status', '=', 'unsubscribed')
        .then(eb.ref('unsubscribed_at'))
        .else(at)
        .end(),
    }),
  };
}

function validEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!normalized.ok) throw new Error(`"${email}" ${normalized.reason}`);
  return normalized.email;
}

function cleanName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  return trimmed ? trimmed : null;
}
