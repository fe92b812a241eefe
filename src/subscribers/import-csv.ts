import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SubscriberStore } from '../store/subscriber-store.ts';
import { restoreFormula } from './csv-formula.ts';
import { normalizeEmail } from './email-address.ts';

export interface CsvRow {
  /** Physical line in the file where the record starts (the header is line 1). */
  line: number;
  email: string;
  name?: string;
}

export interface CsvProblem {
  line: number;
  /** Ready to print: `<file>:<line>: email: "<value>" is not an email address`. */
  message: string;
}

export interface ParsedCsv {
  rows: CsvRow[];
  problems: CsvProblem[];
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Parses a subscriber CSV whose header names an `email` column (any case) and optionally `name`.
 * Good rows are returned even when others are bad; each bad row is one problem. An address that appears
 * more than once is returned once and reported once.
 */
export function parseSubscriberCsv(text: string, file: string): ParsedCsv {
  const problems: CsvProblem[] = [];
  const report = (line: number, message: string) =>
    problems.push({ line, message: `${file}:${line}: ${message}` });

  const records = parse(text, {
    bom: true,
    info: true,
    relax_quotes: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) report(error.lines, error.message);
    },
  }) as unknown as ParsedRecord[]; // `info: true` wraps each record; the typings do not model it

  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: `${file}:1: the file is empty` }] };
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const emailAt = columns.indexOf('email');
  const nameAt = columns.indexOf('name');
  if (emailAt === -1) {
    const found = header.record.map((name) => JSON.stringify(name)).join(', ');
    report(startLine(header), `header: no "email" column (found ${found})`);
    return { rows: [], problems: sortByLine(problems) };
  }

  const rows: CsvRow[] = [];
  const seen = new Map<string, number[]>();
  for (const entry of body) {
    // Rows of empty cells (",,," from spreadsheets) are blank lines too.
    if (entry.record.every((cell) => cell.trim() === '')) continue;
    const line = startLine(entry);
    const raw = restoreFormula(entry.record[emailAt] ?? '');
    const normalized = normalizeEmail(raw);
    if (!normalized.ok) {
      report(line, `email: ${quote(raw)} ${normalized.reason}`);
      continue;
    }
    const lines = seen.get(normalized.email);
    if (lines) {
      lines.push(line);
      continue;
    }
    seen.set(normalized.email, [line]);
    const name = nameAt === -1 ? '' : restoreFormula(entry.record[nameAt] ?? '').trim();
    rows.push(name ? { line, email: normalized.email, name } : { line, email: normalized.email });
  }
  for (const [email, lines] of seen) {
    const [first, second] = lines;
    if (first === undefined || second === undefined) continue;
    report(
      second,
      `email: "${email}" appears ${lines.length} times (lines ${lines.join(', ')}); imported once`,
    );
  }
  return { rows, problems: sortByLine(problems) };
}

export interface ImportResult {
  inserted: number;
  unchanged: number;
  problems: CsvProblem[];
}

/**
 * Imports a CSV as `active` (confirmed elsewhere) or `pending` subscribers. Existing addresses are left
 * exactly as they are, so re-importing a file changes nothing and never resubscribes anyone.
 */
export async function importSubscribers(
  store: Pick<SubscriberStore, 'importMany'>,
  csvText: string,
  file: string,
  options: { confirmed: boolean; source?: string },
): Promise<ImportResult> {
  const { rows, problems } = parseSubscriberCsv(csvText, file);
  const status = options.confirmed ? 'active' : 'pending';
  const source = options.source ?? `import:${basename(file)}`;
  const { inserted, unchanged } = await store.importMany(rows, { status, source });
  return { inserted, unchanged, problems };
}

/** csv-parse reports the line a record ends on; a quoted field may span several. */
function startLine({ record, info }: ParsedRecord): number {
  const breaks = record.reduce((sum, cell) => sum + (cell.match(LINE_BREAK)?.length ?? 0), 0);
  return info.lines - breaks;
}

function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

function sortByLine(problems: CsvProblem[]): CsvProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}
