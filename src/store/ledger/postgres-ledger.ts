import { sql } from 'kysely';
import type { LedgerDialect } from './ledger-dialect.ts';

/**
 * PostgreSQL: several senders at once, each statement a round trip. Rows are locked where senders meet
 * (FOR UPDATE, SKIP LOCKED), lists travel as arrays (`unnest`, `= any`), and a batch's completion is one
 * statement.
 */
export const postgresLedger: LedgerDialect = {
  async analyzeSnapshot(db) {
    // The snapshot may have added a million rows, and a bulk import as many subscribers: fresh statistics
    // keep the freeze on its indexes (a stale count made PostgreSQL scan every subscriber per freeze).
    await sql`analyze subscribers, deliveries`.execute(db);
  },

  locked(query, options) {
    return options?.skipLocked ? query.forUpdate().skipLocked() : query.forUpdate();
  },

  async nextQueued(trx, week, after, limit) {
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
    // Statuses by primary key: a join here lets PostgreSQL merge-scan from the first subscriber.
    const { rows } = await sql<{ id: number; topics: string | null; paused_until: string | null }>`
      select id, topics, paused_until from subscribers
      where id = any(${queued.map((q) => Number(q.subscriber_id))}::int[]) and status = 'active'`.execute(
      trx,
    );
    const active = new Map(rows.map((row) => [Number(row.id), row]));
    return queued.map((q) => {
      const subscriber = active.get(Number(q.subscriber_id));
      return {
        subscriberId: Number(q.subscriber_id),
        email: q.email,
        active: subscriber !== undefined,
        topics: subscriber?.topics ?? null,
        pausedUntil: subscriber?.paused_until ?? null,
      };
    });
  },

  async skip(trx, week, ids, reason, at) {
    await sql`update deliveries set status = 'skipped', error = ${reason}, updated_at = ${at}
      where week = ${week} and subscriber_id = any(${[...ids]}::int[])`.execute(trx);
  },

  async completeBatch(db, c) {
    // Data-modifying CTEs all run, to completion, in one statement and one transaction. Parts with
    // nothing to do are left out: an empty `unnest` still costs a plan that may scan the week.
    const parts = [
      sql`done as (update batches set status = 'sent', sent_at = ${c.at}, lease_owner = null,
        lease_expires_at = null, last_error = ${c.lastError}, provider_ids = ${c.providerIds}
        where week = ${c.week} and batch_no = ${c.batchNo} and status <> 'sent' returning 1)`,
    ];
    if (c.rejected.length > 0) {
      parts.push(sql`rejected as (update deliveries set status = 'failed', error = r.e, updated_at = ${c.at}
        from unnest(${c.rejected.map((r) => r.subscriberId)}::int[], ${c.rejected.map((r) => r.error)}::text[]) as r(s, e)
        where deliveries.week = ${c.week} and deliveries.subscriber_id = r.s)`);
    }
    if (c.nextAttempt) {
      const next = c.nextAttempt;
      parts.push(sql`next as (update batches set attempts = attempts + 1,
        first_attempt_at = coalesce(first_attempt_at, ${c.at}), lease_owner = ${next.owner},
        lease_expires_at = ${next.leaseExpiresAt} where week = ${c.week} and batch_no = ${next.batchNo})`);
    }
    const { rows } = await sql<{ completed: number }>`with ${sql.join(parts)}
      select count(*)::int as completed from done`.execute(db);
    return Number(rows[0]?.completed ?? 0) > 0;
  },
};
