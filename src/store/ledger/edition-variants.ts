import type { LedgerContext } from './ledger-context.ts';

/** One variant of a week as rendered and kept: what its readers' emails are filled from. */
export interface StoredVariant {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/**
 * The variants of an edition (the comparisons a group of readers follow), each rendered once and kept, so
 * a retried batch repeats its request byte for byte whoever sends it, and whatever the content files say
 * by then.
 */
export function editionVariants(ctx: LedgerContext) {
  const { db } = ctx;
  return {
    async getVariant(week: string, segment: string): Promise<StoredVariant | undefined> {
      return db
        .selectFrom('edition_variants')
        .select(['subject', 'preheader', 'html', 'text'])
        .where('week', '=', week)
        .where('segment', '=', segment)
        .executeTakeFirst();
    },

    /** Keeps a variant unless another sender kept it first; returns the one kept. */
    async keepVariant(week: string, segment: string, variant: StoredVariant): Promise<StoredVariant> {
      await db
        .insertInto('edition_variants')
        .values({ week, segment, ...variant })
        .onConflict((oc) => oc.columns(['week', 'segment']).doNothing())
        .execute();
      const kept = await this.getVariant(week, segment);
      if (!kept) throw new Error(`variant ${segment} of ${week} was not kept`);
      return kept;
    },
  };
}
