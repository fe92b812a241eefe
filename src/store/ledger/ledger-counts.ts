import { type Kysely, sql } from 'kysely';
import { type Database, DELIVERY_STATUSES, type DeliveryStatus } from '../schema.ts';
import { coveringBatch } from './find-delivery.ts';
import type { LedgerContext } from './ledger-context.ts';
import type { Member } from './ledger-types.ts';

/** What a batch's status means for each of its members that has no outcome of its own. */
const MEMBER_STATUS = { frozen: 'batched', sent: 'sent', uncertain: 'uncertain' } as const;

/**
 * Reading the ledger. A delivery row carries its own status only when it has an outcome of its own
 * (skipped, failed, or settled by a webhook); otherwise it is `queued` and, once frozen, its batch says
 * what became of it. Counts come from the batches (one row per hundred deliveries) and the few rows with
 * their own outcome, never from a pass over the edition.
 */
export function ledgerReads(ctx: LedgerContext) {
  const { db } = ctx;
  return {
    /**
     * The members of a batch in payload order: its range, without the deliveries skipped at freeze time,
     * each with the variant it was frozen with.
     */
    async batchRecipients(week: string, batchNo: number): Promise<Member[]> {
      const batch = await db
        .selectFrom('batches')
        .select(['first_subscriber_id', 'last_subscriber_id', 'segments'])
        .where('week', '=', week)
        .where('batch_no', '=', batchNo)
        .executeTakeFirst();
      if (!batch) return [];
      const rows = await db
        .selectFrom('deliveries')
        .select(['subscriber_id', 'email'])
        .where('week', '=', week)
        .where('subscriber_id', '>=', Number(batch.first_subscriber_id))
        .where('subscriber_id', '<=', Number(batch.last_subscriber_id))
        .where('status', '<>', 'skipped')
        .orderBy('subscriber_id')
        .execute();
      const segments = batch.segments ? (JSON.parse(batch.segments) as Record<string, string>) : {};
      return rows.map((row) => {
        const segment = segments[String(row.subscriber_id)];
        return {
          subscriberId: Number(row.subscriber_id),
          email: row.email,
          ...(segment === undefined ? {} : { segment }),
        };
      });
    },

    /** Deliveries of the edition by status (every status present). */
    async counts(week: string): Promise<Record<DeliveryStatus, number>> {
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<
        DeliveryStatus,
        number
      >;
      const edition = await db
        .selectFrom('editions')
        .select('audience')
        .where('week', '=', week)
        .executeTakeFirst();
      if (!edition) return counts;
      const batches = await db
        .selectFrom('batches')
        .select((eb) => ['status', eb.fn.sum<number>('size').as('members')])
        .where('week', '=', week)
        .groupBy('status')
        .execute();
      for (const { status, members } of batches) counts[MEMBER_STATUS[status]] += Number(members);
      // Rows with an outcome of their own: a skipped row is in no batch; any other is a member whose
      // batch counted it under the batch's status.
      const { rows: own } = await sql<{
        status: DeliveryStatus;
        batch_status: keyof typeof MEMBER_STATUS | null;
        n: number;
      }>`
        select d.status, case when d.status = 'skipped' then null else (
          select b.status from batches b where b.week = d.week and b.first_subscriber_id = (
            select max(m.first_subscriber_id) from batches m
            where m.week = d.week and m.first_subscriber_id <= d.subscriber_id)
          and b.last_subscriber_id >= d.subscriber_id) end as batch_status, count(*) as n
        from deliveries d where d.week = ${week} and d.status <> 'queued' group by 1, 2`.execute(db);
      for (const { status, batch_status, n } of own) {
        counts[status] += Number(n);
        if (batch_status) counts[MEMBER_STATUS[batch_status]] -= Number(n);
      }
      counts.queued =
        edition.audience - counts.batched - counts.sent - counts.failed - counts.uncertain - counts.skipped;
      return counts;
    },

    /** Failed and uncertain deliveries with the reason, in subscriber order, for the closing report. */
    async failures(
      week: string,
      limit = 50,
    ): Promise<{ email: string; status: 'failed' | 'uncertain'; error: string | null }[]> {
      const failed = await db
        .selectFrom('deliveries')
        .select(['subscriber_id', 'email', 'error'])
        .where('week', '=', week)
        .where('status', '<>', 'queued')
        .where('status', '=', 'failed')
        .orderBy('subscriber_id')
        .limit(limit)
        .execute();
      // Members of uncertain batches without an outcome of their own, batch by batch (there are few).
      const unsettled: { subscriber_id: number; email: string; error: string | null }[] = [];
      const uncertain = await db
        .selectFrom('batches')
        .select(['first_subscriber_id', 'last_subscriber_id', 'last_error'])
        .where('week', '=', week)
        .where('status', '=', 'uncertain')
        .orderBy('first_subscriber_id')
        .execute();
      for (const batch of uncertain) {
        if (unsettled.length >= limit) break;
        const members = await db
          .selectFrom('deliveries')
          .select(['subscriber_id', 'email'])
          .where('week', '=', week)
          .where('subscriber_id', '>=', Number(batch.first_subscriber_id))
          .where('subscriber_id', '<=', Number(batch.last_subscriber_id))
          .where('status', '=', 'queued')
          .orderBy('subscriber_id')
          .limit(limit - unsettled.length)
          .execute();
        unsettled.push(...members.map((m) => ({ ...m, error: batch.last_error })));
      }
      return [
        ...failed.map((row) => ({ ...row, status: 'failed' as const })),
        ...unsettled.map((row) => ({ ...row, status: 'uncertain' as const })),
      ]
        .sort((a, b) => Number(a.subscriber_id) - Number(b.subscriber_id))
        .slice(0, limit)
        .map(({ email, status, error }) => ({ email, status, error }));
    },

    /** Skipped deliveries by why (paused, no matching topics, no longer subscribed, forgotten). */
    async skipReasons(week: string): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('deliveries')
        .select((eb) => ['error', eb.fn.countAll<number>().as('n')])
        .where('week', '=', week)
        .where('status', '<>', 'queued')
        .where('status', '=', 'skipped')
        .groupBy('error')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.error ?? 'unknown', Number(row.n)]));
    },

    /** One delivery's status, its batch's when it has none of its own. */
    deliveryStatus: (week: string, subscriberId: number) => deliveryStatus(db, week, subscriberId),
  };
}

/** A delivery's status: its own outcome, else its batch's (a frozen batch's members are `batched`). */
export async function deliveryStatus(
  db: Kysely<Database>,
  week: string,
  subscriberId: number,
): Promise<DeliveryStatus | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .select('status')
    .where('week', '=', week)
    .where('subscriber_id', '=', subscriberId)
    .executeTakeFirst();
  if (row?.status !== 'queued') return row?.status;
  const batch = await coveringBatch(db, week, subscriberId, false);
  return batch ? MEMBER_STATUS[batch.status] : 'queued';
}
