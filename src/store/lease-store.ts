import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Named leases: a row that one owner holds until it expires. They keep a second process out of work
 * that must have one actor at a time (the SQLite sender, a week's scheduled send).
 */
export function createLeaseStore(db: Kysely<Database>, clock: () => Date) {
  return {
    /** Takes the lease when it is free, expired or already ours; returns whether we hold it. */
    async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
      const now = clock();
      const expires = new Date(now.getTime() + ttlMs).toISOString();
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('leases')
          .selectAll()
          .where('name', '=', name)
          .executeTakeFirst();
        if (!current) {
          const inserted = await trx
            .insertInto('leases')
            .values({ name, owner, expires_at: expires })
            .onConflict((oc) => oc.column('name').doNothing())
            .executeTakeFirst();
          return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
        }
        if (current.owner !== owner && current.expires_at > now.toISOString()) return false;
        const updated = await trx
          .updateTable('leases')
          .set({ owner, expires_at: expires })
          .where('name', '=', name)
          .where('owner', '=', current.owner)
          .where('expires_at', '=', current.expires_at)
          .executeTakeFirst();
        return Number(updated.numUpdatedRows) > 0;
      });
    },

    async release(name: string, owner: string): Promise<void> {
      await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
    },

    async holder(name: string): Promise<{ owner: string; expires_at: string } | undefined> {
      return db
        .selectFrom('leases')
        .select(['owner', 'expires_at'])
        .where('name', '=', name)
        .executeTakeFirst();
    },
  };
}

export type LeaseStore = ReturnType<typeof createLeaseStore>;
