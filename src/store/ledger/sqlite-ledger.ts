import { sql } from 'kysely';
import type { LedgerDialect } from './ledger-dialect.ts';

/**
 * SQLite: one writer, statements in-process. Lists of values travel as one JSON parameter (json_each), so
 * a statement's text, and its cached prepared statement, stay the same whatever the list's length.
 */
export const sqliteLedger: LedgerDialect = {
  async analyzeSnapshot() {
    // The planner's choices here are pinned by tests/store/ledger-plans.test.ts, without statistics.
  },

  locked(query) {
    // The one writer is the lock: a transaction's reads and writes share one snapshot.
    return query;
  },

  async nextQueued(trx, week, after, limit) {
    // One statement: the ledger walked in order, each subscriber looked up by rowid.
    const { rows } = await sql<{
      subscriber_id: number;
      email: string;
      current: string | null;
      topics: string | null;
      paused_until: string | null;
    }>`
      select d.subscriber_id, d.email, s.status as current, s.topics, s.paused_until from deliveries d
      left join subscribers s on s.id = d.subscriber_id
      where d.week = ${week} and d.status = 'queued' and d.subscriber_id > ${after}
      order by d.subscriber_id limit ${limit}`.execute(trx);
    return rows.map((r) => ({
      subscriberId: Number(r.subscriber_id),
      email: r.email,
      active: r.current === 'active',
      topics: r.topics,
      pausedUntil: r.paused_until,
    }));
  },

  async skip(trx, week, ids, reason, at) {
    await sql`update deliveries set status = 'skipped', error = ${reason}, updated_at = ${at}
      where week = ${week} and subscriber_id in (select value from json_each(${JSON.stringify(ids)}))`.execute(
      trx,
    );
  },

  async completeBatch(db, c) {
    return db.transaction().execute(async (trx) => {
      if (c.rejected.length > 0) {
        const errors = `{${c.rejected.map((r) => `"${r.subscriberId}":${JSON.stringify(r.error)}`).join(',')}}`;
        // json_each drives the update, each delivery found by primary key: the week term depends on `r`
        // (coalesce of a non-null parameter), so the planner cannot start from the week instead.
        await sql`update deliveries set status = 'failed', error = r.value, updated_at = ${c.at}
          from json_each(${errors}) as r
          where deliveries.week = coalesce(${c.week}, r.key) and deliveries.subscriber_id = cast(r.key as integer)`.execute(
          trx,
        );
      }
      const done = await sql`update batches set status = 'sent', sent_at = ${c.at}, lease_owner = null,
        lease_expires_at = null, last_error = ${c.lastError}, provider_ids = ${c.providerIds}
        where week = ${c.week} and batch_no = ${c.batchNo} and status <> 'sent'`.execute(trx);
      if (c.nextAttempt) {
        await sql`update batches set attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ${c.at}),
          lease_owner = ${c.nextAttempt.owner}, lease_expires_at = ${c.nextAttempt.leaseExpiresAt}
          where week = ${c.week} and batch_no = ${c.nextAttempt.batchNo}`.execute(trx);
      }
      return Number(done.numAffectedRows ?? 0) > 0;
    });
  },
};
