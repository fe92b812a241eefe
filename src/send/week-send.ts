import type { PreparedEdition } from '../edition/prepare-edition.ts';
import type { Hold } from '../reputation/hold.ts';
import { createLeaseStore, type LeaseStore } from '../store/lease-store.ts';
import { createLedgerStore } from '../store/ledger/ledger-store.ts';
import type { StoreHandle } from '../store/open-database.ts';
import { createPacer } from './pacer.ts';
import type { SenderSettings } from './personalize.ts';
import { type SendReport, sendEdition } from './send-edition.ts';
import type { SendEvent } from './send-run.ts';
import type { Transport } from './transport.ts';
import type { DigestRenderer } from './variants.ts';

export interface WeekSendDeps {
  store: StoreHandle;
  /** Builds the transport; `date` is the edition's start, so a re-written outbox file says the same. */
  transportFor(week: string, date: Date): Transport;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** host:pid of this process. */
  workerId: string;
  /** True when a lease owner is a live process (always true for another host's). */
  isOwnerAlive(owner: string): boolean;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: SendEvent) => void) | undefined;
  /** Whether a reputation hold applies to the week now (absent: never held, e.g. --override-hold). */
  hold?: ((week: string) => Promise<Hold | undefined>) | undefined;
  /** Renders a reader's variant of the week (readers who follow topics), once per variant. */
  renderDigest?: DigestRenderer | undefined;
}

export interface WeekSendOptions {
  settings: SenderSettings;
  leaseMs: number;
  maxRequestsPerSecond?: number | undefined;
}

export type WeekSendResult =
  | { kind: 'busy'; holder?: string | undefined }
  | { kind: 'done'; report: SendReport };

const SENDER_LEASE_MS = 5 * 60_000;

/**
 * Sends a prepared week (or resumes it) with the process-level safeguards around `sendEdition`: on
 * SQLite one sender at a time (a lease row, taken over when its holder died on this host); batches held
 * by a dead sender on this host are released at once instead of at lease expiry.
 */
export async function sendPreparedWeek(
  deps: WeekSendDeps,
  prepared: PreparedEdition,
  options: WeekSendOptions,
): Promise<WeekSendResult> {
  const { store, clock, workerId } = deps;
  const week = prepared.week.id;
  const ledger = createLedgerStore(store, clock);
  const leases = createLeaseStore(store.db, clock);
  const leaseName = 'send:sqlite';
  if (store.dialect === 'sqlite') {
    const taken = await takeLease(leases, leaseName, workerId, deps.isOwnerAlive, SENDER_LEASE_MS);
    if (!taken.ok) return { kind: 'busy', holder: taken.holder };
  }
  const renew = setInterval(() => {
    if (store.dialect === 'sqlite') void leases.acquire(leaseName, workerId, SENDER_LEASE_MS);
  }, 60_000);
  renew.unref();
  try {
    for (const owner of await ledger.leaseHolders(week)) {
      if (owner !== workerId && !deps.isOwnerAlive(owner)) await ledger.releaseLeasesOf(week, owner);
    }
    const edition = await ledger.getEdition(week);
    const report = await sendEdition(
      {
        ledger,
        transport: deps.transportFor(week, edition ? new Date(edition.created_at) : clock()),
        clock,
        sleep: deps.sleep,
        random: deps.random,
        pacer: createPacer({ clock, sleep: deps.sleep, maxRequestsPerSecond: options.maxRequestsPerSecond }),
        onEvent: deps.onEvent,
        hold: deps.hold && (() => deps.hold!(week)),
        renderDigest: deps.renderDigest,
      },
      prepared.rendered,
      { settings: options.settings, workerId, signal: deps.signal, leaseMs: options.leaseMs },
    );
    return { kind: 'done', report };
  } finally {
    clearInterval(renew);
    if (store.dialect === 'sqlite') await leases.release(leaseName, workerId);
  }
}

/** Takes a named lease, taking it over from a holder that died on this host. */
export async function takeLease(
  leases: LeaseStore,
  name: string,
  owner: string,
  isOwnerAlive: (owner: string) => boolean,
  ttlMs: number,
): Promise<{ ok: true } | { ok: false; holder?: string | undefined }> {
  if (await leases.acquire(name, owner, ttlMs)) return { ok: true };
  const holder = await leases.holder(name);
  if (holder && !isOwnerAlive(holder.owner)) {
    await leases.release(name, holder.owner);
    if (await leases.acquire(name, owner, ttlMs)) return { ok: true };
  }
  return { ok: false, holder: holder ? `${holder.owner} until ${holder.expires_at}` : undefined };
}
