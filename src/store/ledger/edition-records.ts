import { sql } from 'kysely';
import { editionLinks } from '../../render/edition-links.ts';
import { insertEditionFacts } from '../edition-facts-store.ts';
import { type LedgerContext, nowIso } from './ledger-context.ts';
import type { EditionRow, NewEdition } from './ledger-types.ts';

/** Editions: starting one (and its audience snapshot), reading them, and marking one complete. */
export function editionRecords(ctx: LedgerContext) {
  const { db } = ctx;
  return {
    /**
     * Creates the edition, snapshots every active subscriber into the ledger (in the database) and stores
     * the facts each tool was shown with and its link map, in one transaction. An existing edition is returned untouched
     * (its audience and its facts are fixed).
     */
    async startEdition(edition: NewEdition): Promise<{ created: boolean; edition: EditionRow }> {
      const { week, subject, preheader, html, text } = edition;
      const result = await db.transaction().execute(async (trx) => {
        const at = nowIso(ctx);
        const inserted = await trx
          .insertInto('editions')
          .values({
            week,
            subject,
            preheader,
            html,
            text,
            status: 'sending',
            audience: 0,
            created_at: at,
            completed_at: null,
            source: edition.source ? JSON.stringify(edition.source) : null,
          })
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
          await insertEditionFacts(trx, edition.week, edition.facts ?? []);
          // The link map the engagement figures attribute clicks by, from the model every variant is cut from.
          const links = edition.source ? editionLinks(edition.source.digest) : [];
          if (links.length > 0)
            await trx
              .insertInto('edition_links')
              .values(links.map((link) => ({ week: edition.week, ...link })))
              .execute();
        }
        const row = await trx
          .selectFrom('editions')
          .selectAll()
          .where('week', '=', edition.week)
          .executeTakeFirstOrThrow();
        return { created, edition: row };
      });
      if (result.created) await ctx.dialect.analyzeSnapshot(db);
      return result;
    },

    getEdition(week: string): Promise<EditionRow | undefined> {
      return db.selectFrom('editions').selectAll().where('week', '=', week).executeTakeFirst();
    },

    listEditions(limit: number): Promise<EditionRow[]> {
      return db.selectFrom('editions').selectAll().orderBy('week', 'desc').limit(limit).execute();
    },

    /** Marks the edition complete once no delivery is waiting; returns whether it is complete. */
    async finishIfDone(week: string): Promise<boolean> {
      // Waiting means in a frozen batch, or queued after `frozen_through` (freezing goes in subscriber
      // order): two index seeks instead of reading a million rows.
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
        .set({ status: 'complete', completed_at: nowIso(ctx) })
        .where('week', '=', week)
        .where('status', '=', 'sending')
        .execute();
      return true;
    },
  };
}
