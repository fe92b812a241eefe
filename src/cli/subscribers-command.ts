import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { outboxDir } from '../send/create-transport.ts';
import { FORGOTTEN, forgetPerson } from '../store/forget-store.ts';
import type { StoreHandle } from '../store/open-database.ts';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../store/schema.ts';
import { createSubscriberStore, type SubscriberStore } from '../store/subscriber-store.ts';
import { normalizeEmail } from '../subscribers/email-address.ts';
import { eraseOutboxMessages } from '../subscribers/erase-outbox.ts';
import { exportSubscribersCsv } from '../subscribers/export-csv.ts';
import { importSubscribers } from '../subscribers/import-csv.ts';
import { describePreferences } from '../subscribers/preferences.ts';
import { registerPreferencesCommand } from './preferences-command.ts';
import type { Runtime } from './runtime.ts';

type Action = (runtime: Runtime, store: SubscriberStore) => Promise<number>;

/** `verdicts subscribers add|import|export|list|remove|forget`. */
export function registerSubscriberCommands(
  program: Command,
  getRuntime: () => Runtime,
  setExitCode: (code: number) => void,
): void {
  const run = (action: Action) => async () => {
    const runtime = getRuntime();
    const handle = await runtime.openStore();
    try {
      setExitCode(await action(runtime, createSubscriberStore(handle.db, runtime.clock)));
    } finally {
      await handle.close();
    }
  };
  const subscribers = program.command('subscribers').description('manage the subscriber list');
  registerPreferencesCommand(subscribers, run);

  subscribers
    .command('add')
    .description('add one address (pending unless --confirmed)')
    .argument('<email>')
    .option('--name <name>', 'display name')
    .option('--confirmed', 'the person already confirmed: make the address active')
    .action((email: string, options: { name?: string; confirmed?: boolean }) =>
      run(async (runtime, store) => {
        const normalized = normalizeEmail(email);
        if (!normalized.ok) {
          runtime.stderr(`email: "${email}" ${normalized.reason}`);
          return 1;
        }
        const status: SubscriberStatus = options.confirmed ? 'active' : 'pending';
        const { subscriber, created } = await store.add({
          email: normalized.email,
          name: options.name,
          status,
          source: 'cli',
        });
        runtime.stdout(
          created
            ? `added ${subscriber.email} (${subscriber.status})`
            : `${subscriber.email} is already on the list (${subscriber.status}); nothing changed`,
        );
        return 0;
      })(),
    );

  subscribers
    .command('import')
    .description('import a CSV with a header row holding at least "email"; re-importing changes nothing')
    .argument('<file>')
    .option('--confirmed', 'these people already confirmed: import them as active')
    .action((file: string, options: { confirmed?: boolean }) =>
      run((runtime, store) => importCommand(runtime, store, file, Boolean(options.confirmed)))(),
    );

  subscribers
    .command('export')
    .description("write the list (or one person's record with --email) as CSV")
    .option('--email <email>', "export one person's record")
    .option('--output <file>', 'write to a file instead of standard output')
    .action((options: { email?: string; output?: string }) =>
      run(async (runtime, store) => {
        let email: string | undefined;
        if (options.email !== undefined) {
          const normalized = normalizeEmail(options.email);
          if (!normalized.ok) {
            runtime.stderr(`--email: "${options.email}" ${normalized.reason}`);
            return 1;
          }
          email = normalized.email;
        }
        const file = options.output ? createWriteStream(options.output) : undefined;
        const write = file ? (chunk: string) => void file.write(chunk) : runtime.writeOut;
        const { exported } = await exportSubscribersCsv(store, write, { email });
        if (file)
          await new Promise<void>((resolve, reject) =>
            file.end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
        if (options.output) runtime.stdout(`exported ${exported} subscribers to ${options.output}`);
        if (email && exported === 0) {
          runtime.stderr(`no subscriber with the address ${email}`);
          return 1;
        }
        return 0;
      })(),
    );

  subscribers
    .command('list')
    .description('list subscribers with their status')
    .option('--status <status>', `only this status (${SUBSCRIBER_STATUSES.join(', ')})`, parseStatus)
    .option('--limit <n>', 'at most this many rows', parseLimit, 100)
    .option('--offset <n>', 'skip this many rows', parseLimit, 0)
    .action((options: { status?: SubscriberStatus; limit: number; offset: number }) =>
      run(async (runtime, store) => {
        const counts = await store.countByStatus();
        const rows = await store.list({
          status: options.status,
          limit: options.limit,
          offset: options.offset,
        });
        const width = Math.max(5, ...rows.map((row) => row.email.length));
        runtime.stdout(`${'email'.padEnd(width)}  ${'status'.padEnd(12)}  ${'since'.padEnd(10)}  reads`);
        const now = runtime.clock();
        for (const row of rows) {
          // What they read, and for a suppressed address why it is no longer mailed.
          const reads = row.suppressed_reason ?? describePreferences(row, now);
          runtime.stdout(
            `${row.email.padEnd(width)}  ${row.status.padEnd(12)}  ${row.created_at.slice(0, 10)}  ${reads}`,
          );
        }
        runtime.stdout(SUBSCRIBER_STATUSES.map((status) => `${status} ${counts[status]}`).join(', '));
        return 0;
      })(),
    );

  subscribers
    .command('remove')
    .description('delete one address from the list')
    .argument('<email>')
    .action((email: string) =>
      run(async (runtime, store) => {
        const normalized = normalizeEmail(email);
        const removed = normalized.ok && (await store.remove(normalized.email));
        if (!removed) {
          runtime.stderr(`no subscriber with the address ${email}`);
          return 1;
        }
        runtime.stdout(`removed ${normalized.email}`);
        return 0;
      })(),
    );

  subscribers
    .command('forget')
    .description(
      "erase a person's data: their row, their address in the ledger and webhook events, outbox copies",
    )
    .argument('<email>')
    .option('--out <dir>', 'output folder whose outbox to clean (default OUT_DIR)')
    .action(async (email: string, options: { out?: string }) => {
      const runtime = getRuntime();
      const handle = await runtime.openStore();
      try {
        setExitCode(await forgetCommand(runtime, handle, email, options.out ?? runtime.config.outDir));
      } finally {
        await handle.close();
      }
    });
}

/** `subscribers import`: bad rows reported by line, the good ones imported; exit 1 when any row was bad. */
export async function importCommand(
  runtime: Runtime,
  store: SubscriberStore,
  file: string,
  confirmed: boolean,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    runtime.stderr(`${file}: cannot read: ${(error as Error).message}`);
    return 1;
  }
  const result = await importSubscribers(store, text, file, { confirmed });
  for (const problem of result.problems) runtime.stderr(problem.message);
  runtime.stdout(
    `${file}: imported ${result.inserted} new as ${confirmed ? 'active' : 'pending'}, ${result.unchanged} already on the list, ${result.problems.length} rows with problems`,
  );
  return result.problems.length > 0 ? 1 : 0;
}

/** `subscribers forget`: right to erasure. Prints what was erased; an address nobody knows is not an error. */
async function forgetCommand(runtime: Runtime, store: StoreHandle, email: string, outDir: string) {
  const normalized = normalizeEmail(email);
  if (!normalized.ok) {
    runtime.stderr(`email: "${email}" ${normalized.reason}`);
    return 1;
  }
  const address = normalized.email;
  const report = await forgetPerson(store, runtime.clock, address);
  const files = await eraseOutboxMessages(outboxDir(outDir, ''), address);
  const erased = [
    report.subscriberId === null ? undefined : `deleted the subscriber (id ${report.subscriberId})`,
    report.deliveries > 0
      ? `replaced the address with "${FORGOTTEN}" in ${report.deliveries} ledger rows`
      : undefined,
    report.events > 0 ? `erased recipient and payload of ${report.events} webhook events` : undefined,
    report.votes > 0 ? `deleted ${report.votes} votes (the tallies keep them)` : undefined,
    files > 0 ? `deleted ${files} outbox messages` : undefined,
  ].filter(Boolean);
  runtime.stdout(
    erased.length > 0 ? `forgot ${address}: ${erased.join('; ')}.` : `nothing is stored about ${address}.`,
  );
  if (report.inFlight > 0) {
    runtime.stderr(
      `${report.inFlight} ledger rows are in a batch being sent right now and keep the address until it completes (a retry must be identical): run forget again after the send.`,
    );
    return 1;
  }
  return 0;
}

function parseStatus(value: string): SubscriberStatus {
  if (!(SUBSCRIBER_STATUSES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${SUBSCRIBER_STATUSES.join(', ')}`);
  }
  return value as SubscriberStatus;
}

function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}
