import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { inMs, type LedgerContext, nowIso } from './ledger-context.ts';
import type {
  BatchRow,
  FreezeProgress,
  FrozenBatch,
  Member,
  MemberPlan,
  QueuedDelivery,
} from './ledger-types.ts';
import { SKIPPED } from './skip-reasons.ts';

export interface FreezeOptions {
  /** At most this many deliveries a batch. */
  size: number;
  maxBatches: number;
  /** The lane that will send them holds them under a lease. */
  owner: string;
  leaseMs: number;
  /** Count the first batch's first attempt in the same commit: it is sent next. */
  firstAttemptNow?: boolean | undefined;
  /**
   * What each still-subscribed member gets of the week, decided now from what they want now: nothing
   * (skipped, with the reason) or a variant. Absent: everyone gets the whole week.
   */
  plan?: ((delivery: QueuedDelivery) => MemberPlan) | undefined;
}

const GONE = SKIPPED.unsubscribed;

/**
 * Freezing (DELIVERY.md §2): the next queued deliveries, in subscriber order, become batches before any
 * request is made. A batch is written as one row naming its subscriber range; its members' rows are not
 * rewritten (a member is a delivery in the range that was not skipped). Subscribers no longer active are
 * skipped here, at freeze time; once frozen, a batch is sent as is.
 */
export function batchFreezer(ctx: LedgerContext) {
  const { db, dialect } = ctx;

  /** Up to `maxBatches` batches in one durable transaction: a lane freezes a few ahead, one commit for all. */
  async function freezeBatches(week: string, options: FreezeOptions): Promise<FrozenBatch[]> {
    const maxBatches = Math.max(1, Math.floor(options.maxBatches));
    return db.transaction().execute(async (trx) => {
      const progress = await readProgress(trx, week);
      if (!progress) return [];
      const at = nowIso(ctx);
      let { frozenThrough, batchCount } = progress;
      const groups: Member[][] = [];
      for (;;) {
        const wanted = options.size * (maxBatches - groups.length);
        const queued = await dialect.nextQueued(trx, week, frozenThrough, wanted);
        if (queued.length === 0) break;
        frozenThrough = queued.at(-1)!.subscriberId;
        const { members, skips } = planMembers(queued, options.plan);
        for (const [reason, ids] of skips) await dialect.skip(trx, week, ids, reason, at);
        groups.push(...chunk(members, options.size));
        if (queued.length < wanted || groups.length >= maxBatches) break;
      }
      const frozen = groups.map((group, index): FrozenBatch => {
        const attemptNow = options.firstAttemptNow === true && index === 0;
        return {
          batch: {
            week,
            batch_no: batchCount + index + 1,
            status: 'frozen',
            size: group.length,
            attempts: attemptNow ? 1 : 0,
            first_attempt_at: attemptNow ? at : null,
            last_error: null,
            lease_owner: options.owner,
            lease_expires_at: inMs(ctx, options.leaseMs),
            created_at: at,
            sent_at: null,
            first_subscriber_id: group[0]!.subscriberId,
            last_subscriber_id: group.at(-1)!.subscriberId,
            provider_ids: null,
            segments: segmentsOf(group),
          },
          recipients: group,
        };
      });
      if (frozen.length > 0)
        await insertBatches(
          trx,
          frozen.map((f) => f.batch),
        );
      batchCount += frozen.length;
      if (frozenThrough !== progress.frozenThrough) {
        await trx
          .updateTable('editions')
          .set({ frozen_through: frozenThrough, batch_count: batchCount })
          .where('week', '=', week)
          .execute();
      }
      return frozen;
    });
  }

  /** Locked: two senders never number or fill batches at once. */
  async function readProgress(trx: Transaction<Database>, week: string): Promise<FreezeProgress | undefined> {
    const row = await dialect
      .locked(trx.selectFrom('editions').select(['frozen_through', 'batch_count']).where('week', '=', week))
      .executeTakeFirst();
    return row && { frozenThrough: Number(row.frozen_through), batchCount: Number(row.batch_count) };
  }

  async function insertBatches(trx: Transaction<Database>, batches: BatchRow[]) {
    // Raw SQL: on this per-batch path, building the insert with Kysely costs more than running it.
    const rows = batches.map(
      (b) => sql`(${b.week}, ${b.batch_no}, 'frozen', ${b.size}, ${b.attempts}, ${b.first_attempt_at},
        ${b.lease_owner}, ${b.lease_expires_at}, ${b.created_at}, ${b.first_subscriber_id}, ${b.last_subscriber_id},
        ${b.segments})`,
    );
    await sql`insert into batches (week, batch_no, status, size, attempts, first_attempt_at, lease_owner,
      lease_expires_at, created_at, first_subscriber_id, last_subscriber_id, segments)
      values ${sql.join(rows)}`.execute(trx);
  }

  return {
    freezeBatches,
    /** One batch: `freezeBatches` with `maxBatches: 1`. */
    async freezeNextBatch(week: string, size: number, owner: string, leaseMs: number) {
      const [first] = await freezeBatches(week, { size, maxBatches: 1, owner, leaseMs });
      return first;
    },
  };
}

/**
 * Who of the candidates is sent what: the no longer subscribed and the members the plan skips are left
 * out, grouped by reason; the others keep their variant (null: the whole week).
 */
function planMembers(queued: readonly QueuedDelivery[], plan: FreezeOptions['plan']) {
  const members: Member[] = [];
  const skips = new Map<string, number[]>();
  const skip = (reason: string, id: number) => skips.set(reason, [...(skips.get(reason) ?? []), id]);
  for (const delivery of queued) {
    if (!delivery.active) {
      skip(GONE, delivery.subscriberId);
      continue;
    }
    const decided = plan?.(delivery) ?? { segment: null };
    if ('skip' in decided) skip(decided.skip, delivery.subscriberId);
    else
      members.push({
        subscriberId: delivery.subscriberId,
        email: delivery.email,
        ...(decided.segment === null ? {} : { segment: decided.segment }),
      });
  }
  return { members, skips };
}

/** The batch row's record of who gets a variant: `{"<subscriber id>": "<segment>"}`, or null for none. */
function segmentsOf(members: readonly Member[]): string | null {
  const entries = members
    .filter((m) => m.segment !== undefined)
    .map((m) => `"${m.subscriberId}":${JSON.stringify(m.segment)}`);
  return entries.length > 0 ? `{${entries.join(',')}}` : null;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let from = 0; from < items.length; from += size) chunks.push(items.slice(from, from + size));
  return chunks;
}
