import { type Kysely, sql, type Transaction } from 'kysely';
import type { BatchesTable, Database, DeliveryStatus, EditionsTable } from './schema.ts';
import { DELIVERY_STATUSES } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type EditionRow = EditionsTable;
export type BatchRow = BatchesTable;

export interface NewEdition {
  week: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface DeliveryResult {
  subscriberId: number;
  outcome: { ok: true; providerId: string } | { ok: false; error: string };
}

/**
 * The delivery ledger (DELIVERY.md): an edition's audience snapshot, batches frozen before their first
 * request, and each delivery's outcome. Every method is one transaction, so a crash between any two
 * calls leaves a state that `send` resumes from.
 */
export function createLedgerStore(db: Kysely<Database>, dialect: Dialect, clock: () => Date) {
  const now = () => clock().toISOString();
  const lockForUpdate = dialect === 'postgres';

  return {
    /**
     * Creates the edition and snapshots every active subscriber into the ledger, in the database,
     * in one transaction. An existing edition is returned untouched (its audience is fixed).
     */
    async startEdition(edition: NewEdition): Promise<{ created: boolean; edition: EditionRow }> {
      return db.transaction().execute(async (trx) => {
        const at = now();
        const inserted = await trx
          .insertInto('editions')
          .values({ ...edition, status: 'sending', audience: 0, created_at: at, completed_at: null })
          .onConflict((oc) => oc.column('week').doNothing())
          .executeTakeFirst();
        const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
        if (created) {
          const snapshot = await trx
            .insertInto('deliveries')
            .columns(['week', 'subscriber_id', 'email', 'status', 'updated_at'])
            .expression(
              trx
                .selectFrom('subscribers')
                .select([
                  sql<string>`cast(${edition.week} as text)`.as('week'),
                  'id',
                  'email',
                  sql<string>`cast('queued' as text)`.as('status'),
                  sql<string>`cast(${at} as text)`.as('updated_at'),
                ])
                .where('status', '=', 'active'),
            )
            .executeTakeFirst();
          await trx
            .updateTable('editions')
            .set({ audience: Number(snapshot.numInsertedOrUpdatedRows ?? 0) })
            .where('week', '=', edition.week)
            .execute();
        }
        const row = await trx
          .selectFrom('editions')
          .selectAll()
          .where('week', '=', edition.week)
          .executeTakeFirstOrThrow();
        return { created, edition: row };
      });
    },

    async getEdition(week: string): Promise<EditionRow | undefined> {
      return db.selectFrom('editions').selectAll().where('week', '=', week).executeTakeFirst();
    },

    async listEditions(limit: number): Promise<EditionRow[]> {
      return db.selectFrom('editions').selectAll().orderBy('week', 'desc').limit(limit).execute();
    },

    /**
     * Takes over a batch that was frozen but never finished (a crash, a killed worker, a lease that ran
     * out), so it is re-sent with the same membership and key. On PostgreSQL, SKIP LOCKED lets several
     * workers claim different batches at once.
     */
    async claimFrozenBatch(week: string, owner: string, leaseMs: number): Promise<BatchRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const at = now();
        let query = trx
          .selectFrom('batches')
          .selectAll()
          .where('week', '=', week)
          .where('status', '=', 'frozen')
          .where((eb) =>
            eb.or([
              eb('lease_expires_at', 'is', null),
              eb('lease_expires_at', '<', at),
              eb('lease_owner', '=', owner),
            ]),
          )
          .orderBy('batch_no')
          .limit(1);
        if (lockForUpdate) query = query.forUpdate().skipLocked();
        const batch = await query.executeTakeFirst();
        if (!batch) return undefined;
        return takeLease(trx, batch, owner, leaseMs);
      });
    },

    /**
     * Freezes the next batch of at most `size` queued deliveries. Subscribers who are no longer active
     * are marked skipped here, at freeze time; once frozen, a batch is sent as is.
     */
    async freezeNextBatch(
      week: string,
      size: number,
      owner: string,
      leaseMs: number,
    ): Promise<BatchRow | undefined> {
      return db.transaction().execute(async (trx) => {
        // Serializes freezing per edition, so two workers never number or fill batches concurrently.
        if (lockForUpdate)
          await trx.selectFrom('editions').select('week').where('week', '=', week).forUpdate().execute();
        const at = now();
        for (;;) {
          const candidates = await trx
            .selectFrom('deliveries as d')
            .leftJoin('subscribers as s', 's.id', 'd.subscriber_id')
            .select(['d.subscriber_id', 's.status as current'])
            .where('d.week', '=', week)
            .where('d.status', '=', 'queued')
            .orderBy('d.subscriber_id')
            .limit(size)
            .execute();
          if (candidates.length === 0) return undefined;
          const gone = candidates.filter((c) => c.current !== 'active').map((c) => c.subscriber_id);
          const members = candidates.filter((c) => c.current === 'active').map((c) => c.subscriber_id);
          if (gone.length > 0) {
            await trx
              .updateTable('deliveries')
              .set({
                status: 'skipped',
                error: 'no longer subscribed when its batch was frozen',
                updated_at: at,
              })
              .where('week', '=', week)
              .where('subscriber_id', 'in', gone)
              .execute();
          }
          if (members.length === 0) continue;
          const last = await trx
            .selectFrom('batches')
            .select((eb) => eb.fn.max('batch_no').as('max'))
            .where('week', '=', week)
            .executeTakeFirst();
          const batchNo = Number(last?.max ?? 0) + 1;
          await trx
            .updateTable('deliveries')
            .set({ status: 'batched', batch_no: batchNo, updated_at: at })
            .where('week', '=', week)
            .where('subscriber_id', 'in', members)
            .execute();
          const batch: BatchRow = {
            week,
            batch_no: batchNo,
            status: 'frozen',
            size: members.length,
            attempts: 0,
            first_attempt_at: null,
            last_error: null,
            lease_owner: owner,
            lease_expires_at: new Date(clock().getTime() + leaseMs).toISOString(),
            created_at: at,
            sent_at: null,
          };
          await trx.insertInto('batches').values(batch).execute();
          return batch;
        }
      });
    },

    /** The recipients of a frozen batch, in a fixed order (the payload's order). */
    async batchRecipients(week: string, batchNo: number): Promise<{ subscriberId: number; email: string }[]> {
      const rows = await db
        .selectFrom('deliveries')
        .select(['subscriber_id', 'email'])
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .orderBy('subscriber_id')
        .execute();
      return rows.map((row) => ({ subscriberId: Number(row.subscriber_id), email: row.email }));
    },

    /** Counts an attempt before the request goes out; keeps the lease alive. */
    async recordAttempt(week: string, batchNo: number, owner: string, leaseMs: number): Promise<BatchRow> {
      const at = now();
      await db
        .updateTable('batches')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(at)),
          lease_owner: owner,
          lease_expires_at: new Date(clock().getTime() + leaseMs).toISOString(),
        }))
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .execute();
      return db
        .selectFrom('batches')
        .selectAll()
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .executeTakeFirstOrThrow();
    },

    async recordRetry(week: string, batchNo: number, reason: string): Promise<void> {
      await db
        .updateTable('batches')
        .set({ last_error: reason.slice(0, 500) })
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .execute();
    },

    /** Records the provider's answer for every member of an accepted batch. */
    async completeBatch(week: string, batchNo: number, results: readonly DeliveryResult[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const at = now();
        const failures = results.filter((r) => !r.outcome.ok);
        for (const { subscriberId, outcome } of results) {
          await trx
            .updateTable('deliveries')
            .set(
              outcome.ok
                ? { status: 'sent', provider_id: outcome.providerId, error: null, updated_at: at }
                : { status: 'failed', error: outcome.error.slice(0, 500), updated_at: at },
            )
            .where('week', '=', week)
            .where('subscriber_id', '=', subscriberId)
            .where('batch_no', '=', batchNo)
            .execute();
        }
        await trx
          .updateTable('batches')
          .set({
            status: 'sent',
            sent_at: at,
            lease_owner: null,
            lease_expires_at: null,
            last_error: failures.length > 0 ? `${failures.length} rejected by the provider` : null,
          })
          .where('week', '=', week)
          .where('batch_no', '=', batchNo)
          .execute();
      });
    },

    /** The batch's idempotency window passed with no known outcome: an operator must decide. */
    async markBatchUncertain(week: string, batchNo: number, reason: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const at = now();
        await trx
          .updateTable('deliveries')
          .set({ status: 'uncertain', error: reason, updated_at: at })
          .where('week', '=', week)
          .where('batch_no', '=', batchNo)
          .where('status', '=', 'batched')
          .execute();
        await trx
          .updateTable('batches')
          .set({ status: 'uncertain', last_error: reason, lease_owner: null, lease_expires_at: null })
          .where('week', '=', week)
          .where('batch_no', '=', batchNo)
          .execute();
      });
    },

    /** Gives a batch back without an outcome (e.g. on SIGTERM or when the provider stays down). */
    async releaseBatch(week: string, batchNo: number, owner: string): Promise<void> {
      await db
        .updateTable('batches')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .where('lease_owner', '=', owner)
        .execute();
    },

    /** Unfinished batches of the edition and the earliest moment one of their leases runs out. */
    async openBatches(week: string): Promise<{ count: number; nextLeaseExpiry: string | null }> {
      const row = await db
        .selectFrom('batches')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('lease_expires_at').as('next')])
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .executeTakeFirst();
      return {
        count: Number(row?.n ?? 0),
        nextLeaseExpiry: (row?.next as string | null | undefined) ?? null,
      };
    },

    /** Workers holding leases on this edition's unfinished batches. */
    async leaseHolders(week: string): Promise<string[]> {
      const rows = await db
        .selectFrom('batches')
        .select('lease_owner')
        .distinct()
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .where('lease_owner', 'is not', null)
        .execute();
      return rows.map((row) => row.lease_owner).filter((owner): owner is string => owner !== null);
    },

    /** Frees every batch a worker held, e.g. one known to be dead, so it is taken over at once. */
    async releaseLeasesOf(week: string, owner: string): Promise<number> {
      const result = await db
        .updateTable('batches')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Marks the edition complete once no delivery is waiting; returns whether it is complete. */
    async finishIfDone(week: string): Promise<boolean> {
      const open = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('week', '=', week)
        .where('status', 'in', ['queued', 'batched'])
        .executeTakeFirstOrThrow();
      if (Number(open.n) > 0) return false;
      await db
        .updateTable('editions')
        .set({ status: 'complete', completed_at: now() })
        .where('week', '=', week)
        .where('status', '=', 'sending')
        .execute();
      return true;
    },

    /** Deliveries of the edition by status (every status present). */
    async counts(week: string): Promise<Record<DeliveryStatus, number>> {
      const rows = await db
        .selectFrom('deliveries')
        .select(['status', (eb) => eb.fn.countAll().as('n')])
        .where('week', '=', week)
        .groupBy('status')
        .execute();
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
        DeliveryStatus,
        number
      >;
      for (const row of rows) counts[row.status] = Number(row.n);
      return counts;
    },

    /** Failed deliveries with the provider's reason, for the closing report. */
    async failures(week: string, limit = 50): Promise<{ email: string; error: string | null }[]> {
      return db
        .selectFrom('deliveries')
        .select(['email', 'error'])
        .where('week', '=', week)
        .where('status', 'in', ['failed', 'uncertain'])
        .orderBy('subscriber_id')
        .limit(limit)
        .execute();
    },
  };

  async function takeLease(trx: Transaction<Database>, batch: BatchRow, owner: string, leaseMs: number) {
    const expires = new Date(clock().getTime() + leaseMs).toISOString();
    await trx
      .updateTable('batches')
      .set({ lease_owner: owner, lease_expires_at: expires })
      .where('week', '=', batch.week)
      .where('batch_no', '=', batch.batch_no)
      .execute();
    return { ...batch, lease_owner: owner, lease_expires_at: expires };
  }
}

export type LedgerStore = ReturnType<typeof createLedgerStore>;
