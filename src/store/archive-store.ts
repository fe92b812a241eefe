import type { Kysely } from 'kysely';
import type { ArchiveReader } from '../server/routes/archive.ts';
import type { Database } from './schema.ts';

/** The public archive reads the editions table: every week that has been sent (or is being sent). */
export function createArchiveReader(db: Kysely<Database>): ArchiveReader {
  return {
    async list(limit) {
      const rows = await db
        .selectFrom('editions')
        .select(['week', 'subject', 'preheader', 'created_at'])
        .orderBy('week', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        week: row.week,
        subject: row.subject,
        preheader: row.preheader,
        sentAt: row.created_at,
      }));
    },
    async get(week) {
      const row = await db
        .selectFrom('editions')
        .select(['week', 'subject', 'preheader', 'html', 'created_at'])
        .where('week', '=', week)
        .executeTakeFirst();
      return (
        row && {
          week: row.week,
          subject: row.subject,
          preheader: row.preheader,
          html: row.html,
          sentAt: row.created_at,
        }
      );
    },
  };
}
