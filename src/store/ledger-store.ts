import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { BatchesTable, Database, DeliveryStatus, EditionsTable } from './schema.ts';
import { DELIVERY_STATUSES } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type EditionRow = Selectable<EditionsTable>;
export type BatchRow = BatchesTable;

export interface NewEdition {
  week: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface Recipient {
  subscriberId: number;
  email: string;
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
      const result = await db.transaction().execute(async (trx) => {
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
      // The snapshot may have added a million rows: fresh statistics keep the batch queries on their index.
      if (result.created && dialect === 'postgres') await sql`analyze deliveries`.execute(db);
      return result;
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
    ): Promise<{ batch: BatchRow; recipients: Recipient[] } | undefined> {
      return db.transaction().execute(async (trx) => {
        await relaxDurability(trx);
        // Serializes freezing per edition (PostgreSQL row lock; SQLite has one writer), so two workers never
        // number or fill batches concurrently.
        let query = trx
          .selectFrom('editions')
          .select(['frozen_through', 'batch_count'])
          .where('week', '=', week);
        if (lockForUpdate) query = query.forUpdate();
        const progress = await query.executeTakeFirst();
        if (!progress) return undefined;
        let through = Number(progress.frozen_through);
        const saveProgress = (batchCount: number) =>
          trx
            .updateTable('editions')
            .set({ frozen_through: through, batch_count: batchCount })
            .where('week', '=', week)
            .execute();
        const at = now();
        for (;;) {
          // Starts after the last frozen subscriber: an index seek, never a scan over frozen rows.
          const queued = await trx
            .selectFrom('deliveries')
            .select(['subscriber_id', 'email'])
            .where('week', '=', week)
            .where('status', '=', 'queued')
            .where('subscriber_id', '>', through)
            .orderBy('subscriber_id')
            .limit(size)
            .execute();
          // Current statuses by primary key (a join here lets PostgreSQL merge-scan from the first subscriber).
          const statuses = new Map<number, string>();
          if (queued.length > 0) {
            const rows = await trx
              .selectFrom('subscribers')
              .select(['id', 'status'])
              .where(
                'id',
                'in',
                queued.map((q) => q.subscriber_id),
              )
              .execute();
            for (const row of rows) statuses.set(Number(row.id), row.status);
          }
          const candidates = queued.map((q) => ({ ...q, current: statuses.get(Number(q.subscriber_id)) }));
          if (candidates.length === 0) {
            if (through !== Number(progress.frozen_through)) await saveProgress(Number(progress.batch_count));
            return undefined;
          }
          through = Number(candidates.at(-1)!.subscriber_id);
          const gone = candidates.filter((c) => c.current !== 'active').map((c) => c.subscriber_id);
          const kept = candidates.filter((c) => c.current === 'active');
          const members = kept.map((c) => c.subscriber_id);
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
          const batchNo = Number(progress.batch_count) + 1;
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
          await saveProgress(batchNo);
          await trx.insertInto('batches').values(batch).execute();
          return {
            batch,
            recipients: kept.map((c) => ({ subscriberId: Number(c.subscriber_id), email: c.email })),
          };
        }
      });
    },

    /** The recipients of a frozen batch, in a fixed order (the payload's order). */
    async batchRecipients(week: string, batchNo: number): Promise<Recipient[]> {
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
    async recordAttempt(week: string, batchNo: number, owner: string, leaseMs: number): Promise<void> {
      const at = now();
      await db.transaction().execute(async (trx) => {
        await relaxDurability(trx);
        await trx
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
      });
    },

    async recordRetry(week: string, batchNo: number, reason: string): Promise<void> {
      await db
        .updateTable('batches')
        .set({ last_error: reason.slice(0, 500) })
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .execute();
    },

    /**
     * Records the provider's answer for every member of an accepted batch: one UPDATE for the accepted
     * ones (provider ids by CASE) and one for the rejected, whatever the batch size.
     */
    async completeBatch(week: string, batchNo: number, results: readonly DeliveryResult[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await relaxDurability(trx);
        const at = now();
        const sent = results.filter((r) => r.outcome.ok);
        const failed = results.filter((r) => !r.outcome.ok);
        for (const [group, status] of [
          [sent, 'sent'],
          [failed, 'failed'],
        ] as const) {
          if (group.length === 0) continue;
          await trx
            .updateTable('deliveries')
            .set(() => {
              const value = (r: DeliveryResult) =>
                r.outcome.ok ? r.outcome.providerId : r.outcome.error.slice(0, 500);
              const byId = sql<string>`case subscriber_id ${sql.join(
                group.map((r) => sql`when ${r.subscriberId} then cast(${value(r)} as text)`),
                sql` `,
              )} end`;
              return status === 'sent'
                ? { status, provider_id: byId, error: null, updated_at: at }
                : { status, error: byId, updated_at: at };
            })
            .where('week', '=', week)
            .where('batch_no', '=', batchNo)
            .where(
              'subscriber_id',
              'in',
              group.map((r) => r.subscriberId),
            )
            .execute();
        }
        await trx
          .updateTable('batches')
          .set({
            status: 'sent',
            sent_at: at,
            lease_owner: null,
            lease_expires_at: null,
            last_error: failed.length > 0 ? `${failed.length} rejected by the provider` : null,
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

  /**
   * PostgreSQL: commit without waiting for the WAL flush in the per-batch transactions (3 per 100 emails).
   * A server crash can lose the last few hundred milliseconds of them; the data stays consistent, and a
   * lost freeze or outcome only means a batch is sent again under the same idempotency key.
   */
  async function relaxDurability(trx: Transaction<Database>) {
    if (dialect === 'postgres') await sql`set local synchronous_commit to off`.execute(trx);
  }

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
