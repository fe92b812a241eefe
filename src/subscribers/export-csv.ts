import { stringify } from 'csv-stringify/sync';
import type { Subscriber, SubscriberStore } from '../store/subscriber-store.ts';
import { neutralizeFormula } from './csv-formula.ts';

const COLUMNS = [
  'email',
  'name',
  'status',
  'source',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
  'suppressed_reason',
  'topics',
  'paused_until',
] as const;
const PAGE = 500;

/**
 * Writes the subscriber list as CSV (header first), a page at a time so memory stays flat however long
 * the list is. With `email`, writes that one person's record (header only when there is none).
 * Returns how many subscribers were written. Cells a spreadsheet would run as a formula are quoted
 * (csv-formula.ts).
 */
export async function exportSubscribersCsv(
  store: Pick<SubscriberStore, 'stream' | 'findByEmail'>,
  write: (chunk: string) => void,
  options: { email?: string | undefined } = {},
): Promise<{ exported: number }> {
  write(stringify([[...COLUMNS]]));
  if (options.email !== undefined) {
    const one = await store.findByEmail(options.email);
    if (one) write(toCsv([one]));
    return { exported: one ? 1 : 0 };
  }
  let exported = 0;
  let pending: Subscriber[] = [];
  for await (const subscriber of store.stream(PAGE)) {
    pending.push(subscriber);
    if (pending.length === PAGE) {
      write(toCsv(pending));
      exported += pending.length;
      pending = [];
    }
  }
  if (pending.length > 0) write(toCsv(pending));
  return { exported: exported + pending.length };
}

function toCsv(subscribers: Subscriber[]): string {
  return stringify(subscribers.map((s) => COLUMNS.map((column) => neutralizeFormula(s[column] ?? ''))));
}
