import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
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

export interface FrozenBatch {
  batch: BatchRow;
  recipients: Recipient[];
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

  const store = {
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
      // The snapshot may have added a million rows, and a bulk import as many subscribers: fresh statistics
      // keep the batch queries on their indexes (a stale count made PostgreSQL scan every subscriber per freeze).
      if (result.created && dialect === 'postgres') await sql`analyze subscribers, deliveries`.execute(db);
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
     * Freezes up to `maxBatches` batches of at most `size` queued deliveries each, in one transaction (a
     * lane freezes a few ahead: one commit instead of one per batch). Subscribers who are no longer active
     * are marked skipped here, at freeze time; once frozen, a batch is sent as is. With
     * `firstAttemptNow`, the first batch's first attempt is counted in the same commit, because it is sent
     * next (the attempt is still on record before its request leaves).
     */
    async freezeBatches(
      week: string,
      options: {
        size: number;
        maxBatches: number;
        owner: string;
        leaseMs: number;
        firstAttemptNow?: boolean;
      },
    ): Promise<FrozenBatch[]> {
      const { size, owner, leaseMs } = options;
      const maxBatches = Math.max(1, Math.floor(options.maxBatches));
      // Durable on purpose (no relaxDurability): a batch's membership must survive a database crash once a
      // request may have gone out under its key.
      return db.transaction().execute(async (trx) => {
        // Serializes freezing per edition (PostgreSQL row lock; SQLite has one writer), so two workers never
        // number or fill batches concurrently.
        let query = trx
          .selectFrom('editions')
          .select(['frozen_through', 'batch_count'])
          .where('week', '=', week);
        if (lockForUpdate) query = query.forUpdate();
        const progress = await query.executeTakeFirst();
        if (!progress) return [];
        const startedThrough = Number(progress.frozen_through);
        let through = startedThrough;
        let batchCount = Number(progress.batch_count);
        const at = now();
        const leaseExpires = new Date(clock().getTime() + leaseMs).toISOString();
        const frozen: FrozenBatch[] = [];
        let exhausted = false;
        while (frozen.length < maxBatches && !exhausted) {
          const wanted = size * (maxBatches - frozen.length);
          const queued = await nextQueued(trx, week, through, wanted);
          exhausted = queued.length < wanted;
          if (queued.length === 0) break;
          through = queued.at(-1)!.subscriberId;
          const gone = queued.filter((q) => !q.active).map((q) => q.subscriberId);
          if (gone.length > 0) {
            await sql`update deliveries set status = 'skipped',
              error = 'no longer subscribed when its batch was frozen', updated_at = ${at}
              where week = ${week} and subscriber_id ${inList(gone)}`.execute(trx);
          }
          const kept = gone.length > 0 ? queued.filter((q) => q.active) : queued;
          for (let from = 0; from < kept.length && frozen.length < maxBatches; from += size) {
            const group = kept.slice(from, from + size);
            const batchNo = batchCount + 1;
            const recipients = await markBatch(trx, week, batchNo, group, at);
            if (recipients.length === 0) continue;
            batchCount = batchNo;
            through = group.at(-1)!.subscriberId;
            const attemptNow = options.firstAttemptNow === true && frozen.length === 0;
            frozen.push({
              batch: {
                week,
                batch_no: batchNo,
                status: 'frozen',
                size: recipients.length,
                attempts: attemptNow ? 1 : 0,
                first_attempt_at: attemptNow ? at : null,
                last_error: null,
                lease_owner: owner,
                lease_expires_at: leaseExpires,
                created_at: at,
                sent_at: null,
                first_subscriber_id: recipients[0]!.subscriberId,
                last_subscriber_id: recipients.at(-1)!.subscriberId,
              },
              recipients,
            });
          }
          // Batches filled up before the candidates ran out: the rest stay queued for the next freeze.
          if (frozen.length === maxBatches) break;
          through = queued.at(-1)!.subscriberId;
        }
        if (frozen.length > 0) {
          const rows = frozen.map(
            ({ batch: b }) => sql`(${b.week}, ${b.batch_no}, 'frozen', ${b.size}, ${b.attempts},
              ${b.first_attempt_at}, ${b.lease_owner}, ${b.lease_expires_at}, ${b.created_at},
              ${b.first_subscriber_id}, ${b.last_subscriber_id})`,
          );
          await sql`insert into batches (week, batch_no, status, size, attempts, first_attempt_at, lease_owner,
            lease_expires_at, created_at, first_subscriber_id, last_subscriber_id)
            values ${sql.join(rows)}`.execute(trx);
        }
        if (through !== startedThrough || batchCount !== Number(progress.batch_count)) {
          await sql`update editions set frozen_through = ${through}, batch_count = ${batchCount}
            where week = ${week}`.execute(trx);
        }
        return frozen;
      });
    },

    /** One batch: `freezeBatches` with `maxBatches: 1`. */
    async freezeNextBatch(
      week: string,
      size: number,
      owner: string,
      leaseMs: number,
    ): Promise<FrozenBatch | undefined> {
      const [first] = await store.freezeBatches(week, { size, maxBatches: 1, owner, leaseMs });
      return first;
    },

    /** The recipients of a frozen batch, in a fixed order (the payload's order). */
    async batchRecipients(week: string, batchNo: number): Promise<Recipient[]> {
      const rows = await db
        .selectFrom('deliveries')
        .select(['subscriber_id', 'email'])
        .where(inBatch(week, batchNo))
        .orderBy('subscriber_id')
        .execute();
      return rows.map((row) => ({ subscriberId: Number(row.subscriber_id), email: row.email }));
    },

    /** Counts an attempt before the request goes out; keeps the lease alive. */
    async recordAttempt(week: string, batchNo: number, owner: string, leaseMs: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await relaxDurability(trx);
        await countAttempt(trx, week, batchNo, owner, leaseMs);
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
     * ones and one for the rejected, each with the (subscriber, value) pairs as a single parameter.
     * `nextAttempt` counts the first attempt of the batch this worker sends next in the same commit
     * (one transaction per batch instead of two; still on record before that request leaves).
     */
    async completeBatch(
      week: string,
      batchNo: number,
      results: readonly DeliveryResult[],
      nextAttempt?: { batchNo: number; owner: string; leaseMs: number },
    ): Promise<void> {
      // Raw SQL on this per-batch path (and in freezing and countAttempt): building a query with Kysely's
      // builders costs more than SQLite takes to run it.
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
          const pairs = group.map((r): [number, string] => [
            r.subscriberId,
            r.outcome.ok ? r.outcome.providerId : r.outcome.error.slice(0, 500),
          ]);
          const perRow = valuesById(week, pairs);
          const values = status === 'sent' ? sql`provider_id = r.value, error = null` : sql`error = r.value`;
          await sql`update deliveries set status = ${status}, ${values}, updated_at = ${at} ${perRow.from}
            where deliveries.batch_no = ${batchNo} and ${perRow.match}`.execute(trx);
        }
        const lastError = failed.length > 0 ? `${failed.length} rejected by the provider` : null;
        await sql`update batches set status = 'sent', sent_at = ${at}, lease_owner = null,
          lease_expires_at = null, last_error = ${lastError}
          where week = ${week} and batch_no = ${batchNo}`.execute(trx);
        if (nextAttempt)
          await countAttempt(trx, week, nextAttempt.batchNo, nextAttempt.owner, nextAttempt.leaseMs);
      });
    },

    /** The batch's idempotency window passed with no known outcome: an operator must decide. */
    async markBatchUncertain(week: string, batchNo: number, reason: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const at = now();
        await trx
          .updateTable('deliveries')
          .set({ status: 'uncertain', error: reason, updated_at: at })
          .where(inBatch(week, batchNo))
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

    /**
     * Gives a batch back without an outcome (e.g. on SIGTERM or when the provider stays down).
     * `unsent`: an attempt was counted for it ahead of time but its request never left, so it is taken
     * back (otherwise a resume a day later would find it "beyond the idempotency window").
     */
    async releaseBatch(week: string, batchNo: number, owner: string, unsent = false): Promise<void> {
      await db
        .updateTable('batches')
        .set((eb) => ({
          lease_owner: null,
          lease_expires_at: null,
          ...(unsent
            ? {
                attempts: sql<number>`case when attempts > 0 then attempts - 1 else 0 end`,
                first_attempt_at: eb
                  .case()
                  .when('attempts', '<=', 1)
                  .then(null)
                  .else(eb.ref('first_attempt_at'))
                  .end(),
              }
            : {}),
        }))
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
      // Batched rows live only in frozen batches, and queued rows only after `frozen_through` (freezing
      // goes in subscriber order): two index seeks instead of counting a million rows by status.
      const edition = await db
        .selectFrom('editions')
        .select('frozen_through')
        .where('week', '=', week)
        .executeTakeFirst();
      if (!edition) return false;
      const inFlight = await db
        .selectFrom('batches')
        .select('batch_no')
        .where('week', '=', week)
        .where('status', '=', 'frozen')
        .limit(1)
        .executeTakeFirst();
      if (inFlight) return false;
      const queued = await db
        .selectFrom('deliveries')
        .select('subscriber_id')
        .where('week', '=', week)
        .where('subscriber_id', '>', Number(edition.frozen_through))
        .where('status', '=', 'queued')
        .limit(1)
        .executeTakeFirst();
      if (queued) return false;
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
      // One pass with a counter per status: GROUP BY would sort a million rows (16 MB on SQLite).
      const perStatus = DELIVERY_STATUSES.map(
        (status) => sql`count(*) filter (where status = ${sql.lit(status)}) as ${sql.ref(status)}`,
      );
      const { rows } = await sql<Record<DeliveryStatus, number | string>>`select ${sql.join(perStatus)}
        from deliveries where week = ${week}`.execute(db);
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
        DeliveryStatus,
        number
      >;
      for (const status of DELIVERY_STATUSES) counts[status] = Number(rows[0]?.[status] ?? 0);
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
  return store;

  /**
   * The next `limit` queued deliveries after subscriber `after`, in subscriber order, each with whether its
   * subscriber is still active. Starts after the last frozen subscriber: an index seek, never a scan over
   * frozen rows.
   */
  async function nextQueued(
    trx: Transaction<Database>,
    week: string,
    after: number,
    limit: number,
  ): Promise<(Recipient & { active: boolean })[]> {
    if (dialect === 'sqlite') {
      // SQLite walks the ledger in order and looks each subscriber up by rowid: one statement.
      const rows = await sql<{ subscriber_id: number; email: string; current: string | null }>`
        select d.subscriber_id, d.email, s.status as current from deliveries d
        left join subscribers s on s.id = d.subscriber_id
        where d.week = ${week} and d.status = 'queued' and d.subscriber_id > ${after}
        order by d.subscriber_id limit ${limit}`.execute(trx);
      return rows.rows.map((r) => ({
        subscriberId: Number(r.subscriber_id),
        email: r.email,
        active: r.current === 'active',
      }));
    }
    const queued = await trx
      .selectFrom('deliveries')
      .select(['subscriber_id', 'email'])
      .where('week', '=', week)
      .where('status', '=', 'queued')
      .where('subscriber_id', '>', after)
      .orderBy('subscriber_id')
      .limit(limit)
      .execute();
    if (queued.length === 0) return [];
    // Current statuses by primary key (a join here lets PostgreSQL merge-scan from the first subscriber).
    const statuses = await sql<{ id: number; status: string }>`select id, status from subscribers
      where id ${inList(queued.map((q) => Number(q.subscriber_id)))}`.execute(trx);
    const active = new Set<number>();
    for (const row of statuses.rows) if (row.status === 'active') active.add(Number(row.id));
    return queued.map((q) => ({
      subscriberId: Number(q.subscriber_id),
      email: q.email,
      active: active.has(Number(q.subscriber_id)),
    }));
  }

  /**
   * Marks a run of queued deliveries (consecutive in subscriber order) as batch `batchNo` and returns its
   * members in subscriber order (the payload's order). Membership is what this statement marks, so it can
   * never differ from what a resumed run reads back by batch number.
   */
  async function markBatch(
    trx: Transaction<Database>,
    week: string,
    batchNo: number,
    group: readonly Recipient[],
    at: string,
  ): Promise<Recipient[]> {
    const first = group[0]!.subscriberId;
    const last = group.at(-1)!.subscriberId;
    const mark = sql`update deliveries set status = 'batched', batch_no = ${batchNo}, updated_at = ${at}
      where week = ${week} and status = 'queued' and subscriber_id >= ${first} and subscriber_id <= ${last}`;
    if (dialect === 'postgres') {
      // Under read committed a row may change between the seek and this update: RETURNING is the truth.
      const members = await sql<{ subscriber_id: number; email: string }>`${mark}
        returning subscriber_id, email`.execute(trx);
      return members.rows
        .map((m) => ({ subscriberId: Number(m.subscriber_id), email: m.email }))
        .sort((a, b) => a.subscriberId - b.subscriberId);
    }
    // SQLite: the seek and this update share one snapshot (a write on a stale one fails), so the group is
    // what gets marked; RETURNING would double this statement's cost (it runs in two passes). The count
    // check keeps the guarantee if that ever stops holding.
    const marked = await mark.execute(trx);
    if (Number(marked.numAffectedRows ?? -1) === group.length)
      return group.map((r) => ({ subscriberId: r.subscriberId, email: r.email }));
    const members = await sql<{ subscriber_id: number; email: string }>`select subscriber_id, email
      from deliveries where week = ${week} and subscriber_id >= ${first} and subscriber_id <= ${last}
      and batch_no = ${batchNo} order by subscriber_id`.execute(trx);
    return members.rows.map((m) => ({ subscriberId: Number(m.subscriber_id), email: m.email }));
  }

  /** `in (…)` over many ids as one parameter, so the statement's text (and its plan) stays the same. */
  function inList(ids: readonly number[]) {
    return dialect === 'postgres'
      ? sql`= any(${[...ids]}::int[])`
      : sql`in (select value from json_each(${JSON.stringify(ids)}))`;
  }

  /**
   * A value per delivery for one UPDATE, all (subscriber, value) pairs in a single parameter, joined as
   * `r(…, value)` and driving the UPDATE: each delivery is found by primary key. PostgreSQL joins `unnest`
   * arrays. SQLite joins json_each, whose planner would otherwise scan the whole week and search the JSON
   * per row: making the week term depend on `r` (coalesce of a non-null parameter) lets it be used only
   * with json_each as the outer loop.
   */
  function valuesById(week: string, pairs: readonly [number, string][]) {
    if (dialect === 'postgres') {
      return {
        from: sql`from unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::text[]) as r(id, value)`,
        match: sql`deliveries.week = ${week} and deliveries.subscriber_id = r.id`,
      };
    }
    // Built as text: Object.fromEntries + JSON.stringify cost more than the UPDATE's own lookups.
    const json = `{${pairs.map(([id, value]) => `"${id}":${JSON.stringify(value)}`).join(',')}}`;
    return {
      from: sql`from json_each(${json}) as r`,
      match: sql`deliveries.week = coalesce(${week}, r.key) and deliveries.subscriber_id = cast(r.key as integer)`,
    };
  }

  /**
   * The deliveries of one batch: its number within the subscriber range the batch recorded, so the
   * primary key finds them (batch_no has no index: it would be rewritten with every frozen delivery).
   */
  function inBatch(week: string, batchNo: number) {
    return (eb: ExpressionBuilder<Database, 'deliveries'>) => {
      const bound = (column: 'first_subscriber_id' | 'last_subscriber_id', orElse: number) =>
        eb.fn.coalesce(
          eb
            .selectFrom('batches')
            .select(`batches.${column}`)
            .where('batches.week', '=', week)
            .where('batches.batch_no', '=', batchNo),
          eb.val(orElse),
        );
      return eb.and([
        eb('deliveries.week', '=', week),
        eb('deliveries.subscriber_id', '>=', bound('first_subscriber_id', 0)),
        eb('deliveries.subscriber_id', '<=', bound('last_subscriber_id', 2 ** 31 - 1)),
        eb('deliveries.batch_no', '=', batchNo),
      ]);
    };
  }

  async function countAttempt(
    trx: Transaction<Database>,
    week: string,
    batchNo: number,
    owner: string,
    leaseMs: number,
  ) {
    const at = now();
    const expires = new Date(clock().getTime() + leaseMs).toISOString();
    await sql`update batches set attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ${at}),
      lease_owner = ${owner}, lease_expires_at = ${expires}
      where week = ${week} and batch_no = ${batchNo}`.execute(trx);
  }

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
