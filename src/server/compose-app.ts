import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { type Config, ConfigError } from '../config/config.ts';
import { fileSystemContent } from '../content/file-system-content.ts';
import type { Logger } from '../log/logger.ts';
import { loadTransactionalTemplates, type TransactionalTemplates } from '../render/transactional.ts';
import type { Transport } from '../send/transport.ts';
import { createArchiveReader } from '../store/archive-store.ts';
import { createDeliveryEventStore, type DeliveryEventStore } from '../store/delivery-event-store.ts';
import type { Database } from '../store/schema.ts';
import { createSubscriberStore, type SubscriberStore } from '../store/subscriber-store.ts';
import { createBallotReader } from '../store/vote-ballot.ts';
import { createVoteStore, type SyncSqlite } from '../store/vote-store.ts';
import { createTallyReader } from '../store/vote-tallies.ts';
import { type DeferredConfirmations, deferredConfirmations } from '../subscribers/deferred-confirmations.ts';
import { createTransactionalMailer } from '../subscribers/transactional-mailer.ts';
import { clientIpResolver } from './client-ip.ts';
import { createApp } from './create-app.ts';
import { allowedHostsFor } from './host-guard.ts';
import { loadPages, type Pages } from './pages.ts';
import { createFixedWindowLimiter, type RateLimiter } from './rate-limiter.ts';
import { createTaskQueue, type TaskQueue } from './task-queue.ts';
import { contentTopics, type TopicsSource } from './topics-source.ts';
import { createWebhookVerifier, type WebhookVerifier } from './webhook-signature.ts';

/** Signups per client address per 10 minutes (form and API together). */
export const SIGNUPS_PER_IP = { limit: 10, windowMs: 10 * 60_000 };
/** Confirmation emails per email address per hour. */
export const EMAILS_PER_ADDRESS = { limit: 3, windowMs: 60 * 60_000 };
/** Vote POSTs per client address per 10 minutes: a household or an office votes together. */
export const VOTES_PER_IP = { limit: 200, windowMs: 10 * 60_000 };
/** Vote POSTs per reader per hour: twenty links a week, each changed a few times. */
export const VOTES_PER_READER = { limit: 60, windowMs: 60 * 60_000 };

/** The configuration the server reads: `verdicts serve` passes its Config. */
export type ServerSettings = Pick<
  Config,
  | 'siteUrl'
  | 'publicUrl'
  | 'secret'
  | 'postalAddress'
  | 'timezone'
  | 'emailFrom'
  | 'replyTo'
  | 'unsubscribeMailto'
  | 'trustProxy'
  | 'resendWebhookSecret'
  | 'contentDir'
  | 'allowedHosts'
  | 'voteWeeks'
>;

/** What the server prepares from its settings before it opens the database. */
export interface ServerAssets {
  pages: Pages;
  templates: TransactionalTemplates;
  /** Resend's webhook signatures; absent without RESEND_WEBHOOK_SECRET. */
  webhooks: WebhookVerifier | undefined;
}

/** The parts that legitimately differ between `verdicts serve`, the tests and the benchmark. */
export interface ServerParts {
  db: Kysely<Database>;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Where confirmation and welcome emails go (outbox folder or Resend), one transport per email. */
  transportFor: (folder: string, date: Date) => Transport;
  log: Logger;
  /** Signups per client address; SIGNUPS_PER_IP when absent. */
  signupLimiter?: RateLimiter | undefined;
  /** Confirmation emails per address; EMAILS_PER_ADDRESS when absent. */
  emailLimiter?: RateLimiter | undefined;
  /** The topics readers can follow; the content folder's (CONTENT_DIR) when absent. */
  topics?: TopicsSource | undefined;
  /** SQLite: the file behind `db`, on which a vote is cast synchronously (StoreHandle.sqlite). */
  sqlite?: SyncSqlite | undefined;
  /** Vote POSTs per client address; VOTES_PER_IP when absent. */
  voteLimiter?: RateLimiter | undefined;
  /** Vote POSTs per reader; VOTES_PER_READER when absent. */
  voterLimiter?: RateLimiter | undefined;
}

export interface ComposedServer {
  app: Hono;
  /** Work that follows responses: drain it before closing the database. */
  tasks: TaskQueue;
  subscribers: SubscriberStore;
  events: DeliveryEventStore;
  /** Confirmations the provider's quota refused; `sendDue()` sends those whose time has come. */
  confirmations: DeferredConfirmations;
}

/**
 * Checks the webhook secret, then reads the page and email templates (about a quarter of a second: MJML
 * builds the email shells). Throws a ConfigError for a webhook secret that cannot be used.
 */
export async function loadServerAssets(
  settings: Pick<ServerSettings, 'siteUrl' | 'postalAddress' | 'resendWebhookSecret'>,
): Promise<ServerAssets> {
  const webhooks = settings.resendWebhookSecret ? webhookVerifier(settings.resendWebhookSecret) : undefined;
  const [pages, templates] = await Promise.all([
    loadPages({ siteUrl: settings.siteUrl, postalAddress: settings.postalAddress }),
    loadTransactionalTemplates(),
  ]);
  return { pages, templates, webhooks };
}

/**
 * The subscriber-facing server as it runs: `verdicts serve`, the route tests and the signup benchmark
 * all build it here, so what they measure is what is served.
 */
export function composeApp(
  settings: ServerSettings,
  assets: ServerAssets,
  parts: ServerParts,
): ComposedServer {
  const { clock, db, log } = parts;
  const subscribers = createSubscriberStore(db, clock);
  const events = createDeliveryEventStore(db, clock);
  const tasks = createTaskQueue(log);
  const mailer = createTransactionalMailer({
    templates: assets.templates,
    transportFor: parts.transportFor,
    settings: {
      from: settings.emailFrom,
      replyTo: settings.replyTo,
      siteUrl: settings.siteUrl,
      publicUrl: settings.publicUrl,
      secret: settings.secret,
      postalAddress: settings.postalAddress,
      timezone: settings.timezone,
      unsubscribeMailto: settings.unsubscribeMailto,
    },
    clock,
    sleep: parts.sleep,
  });
  const confirmations = deferredConfirmations({
    db,
    mailer,
    clock,
    secret: settings.secret,
    publicUrl: settings.publicUrl,
  });
  const app = createApp({
    subscribers,
    events,
    mailer,
    confirmations,
    topics: parts.topics ?? contentTopics(fileSystemContent, settings, clock),
    pages: assets.pages,
    clock,
    signupLimiter: parts.signupLimiter ?? createFixedWindowLimiter({ ...SIGNUPS_PER_IP, clock }),
    emailLimiter: parts.emailLimiter ?? createFixedWindowLimiter({ ...EMAILS_PER_ADDRESS, clock }),
    tasks,
    log,
    clientIp: clientIpResolver(settings.trustProxy),
    webhooks: assets.webhooks,
    siteUrl: settings.siteUrl,
    publicUrl: settings.publicUrl,
    allowedHosts: allowedHostsFor(settings.publicUrl, settings.allowedHosts),
    secret: settings.secret,
    archive: createArchiveReader(db),
    votes: {
      ballots: createBallotReader(db),
      store: createVoteStore(db, clock, parts.sqlite),
      tallies: createTallyReader(db),
      voteWeeks: settings.voteWeeks,
      clientLimiter: parts.voteLimiter ?? createFixedWindowLimiter({ ...VOTES_PER_IP, clock }),
      readerLimiter: parts.voterLimiter ?? createFixedWindowLimiter({ ...VOTES_PER_READER, clock }),
    },
  });
  return { app, tasks, subscribers, events, confirmations };
}

function webhookVerifier(secret: string): WebhookVerifier {
  try {
    return createWebhookVerifier(secret);
  } catch (error) {
    throw new ConfigError(`RESEND_WEBHOOK_SECRET: not a usable signing secret (${(error as Error).message})`);
  }
}
