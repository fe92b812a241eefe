import { type Kysely, sql } from 'kysely';
import { normalizeLink } from '../../render/edition-links.ts';
import type { Database, EngagementKind } from '../schema.ts';

interface Engagement {
  week: string;
  kind: EngagementKind;
  target: string;
  subscriberId: number | null;
}

/**
 * One more event of a kind for an edition (two statements): the event count always, the people count
 * when this subscriber was not counted for it before. A person forgotten later leaves both counts as
 * they are.
 */
export async function countEngagement(trx: Kysely<Database>, event: Engagement): Promise<void> {
  let newPerson = 0;
  if (event.subscriberId !== null) {
    const first = await trx
      .insertInto('edition_engagement_firsts')
      .values({ week: event.week, subscriber_id: event.subscriberId, kind: event.kind, target: event.target })
      .onConflict((oc) => oc.columns(['week', 'subscriber_id', 'kind', 'target']).doNothing())
      .executeTakeFirst();
    newPerson = Number(first.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
  }
  await trx
    .insertInto('edition_engagement')
    .values({ week: event.week, kind: event.kind, target: event.target, events: 1, people: newPerson })
    .onConflict((oc) =>
      oc.columns(['week', 'kind', 'target']).doUpdateSet({
        events: sql`edition_engagement.events + 1`,
        people: sql`edition_engagement.people + ${newPerson}`,
      }),
    )
    .execute();
}

/** The target a tool's clicks are counted under: "slug/name" (slugs hold no slash). */
export const toolTarget = (comparison: string, tool: string) => `${comparison}/${tool}`;

/**
 * A click on an edition's link: counted under its normalized URL, and under the comparison and tool the
 * edition's link map gives it (a link outside every comparison, such as the footer's, only by URL).
 */
export async function countClick(
  trx: Kysely<Database>,
  click: { week: string; subscriberId: number | null; link: string },
): Promise<void> {
  const { week, subscriberId } = click;
  const url = normalizeLink(click.link);
  const mapped = await trx
    .selectFrom('edition_links')
    .select(['comparison', 'tool'])
    .where('week', '=', week)
    .where('url', '=', url)
    .executeTakeFirst();
  await countEngagement(trx, { week, kind: 'link', target: url, subscriberId });
  if (!mapped) return;
  await countEngagement(trx, { week, kind: 'comparison', target: mapped.comparison, subscriberId });
  if (mapped.tool !== null) {
    const target = toolTarget(mapped.comparison, mapped.tool);
    await countEngagement(trx, { week, kind: 'tool', target, subscriberId });
  }
}
