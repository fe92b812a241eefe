import type { Generated } from 'kysely';

/** Subscriber lifecycle. Only `active` subscribers receive the digest. */
export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/**
 * A delivery's life: `queued` (in the edition's audience snapshot) → `batched` (its batch is frozen) →
 * `sent` (provider accepted) | `failed` (provider rejected it) | `skipped` (no longer subscribed when its
 * batch was frozen) | `uncertain` (its batch's idempotency window passed without a known outcome; a
 * webhook or an operator settles it). A delivery row keeps `queued` while its batch speaks for it
 * (batched, sent, uncertain): only skips, rejections and settlements are written per row (see
 * ledger/ledger-counts.ts), so freezing and completing a batch never rewrite its members' rows.
 */
export const DELIVERY_STATUSES = ['queued', 'batched', 'sent', 'failed', 'skipped', 'uncertain'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A batch is frozen before its first request and never changes membership afterwards. */
export const BATCH_STATUSES = ['frozen', 'sent', 'uncertain'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** All timestamps are ISO 8601 UTC strings, so both dialects sort and compare them the same way. */
export interface SubscribersTable {
  id: Generated<number>;
  /** Normalized (trimmed, lower-cased); unique. */
  email: string;
  name: string | null;
  status: SubscriberStatus;
  /** Where the address came from: "import:<file>", "cli", "signup", … */
  source: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  /** Why a bounced or complained address is no longer mailed, in words an operator can act on. */
  suppressed_reason: Generated<string | null>;
  /** When to try again a confirmation email the provider's quota refused (null: none waiting). */
  confirm_retry_at: Generated<string | null>;
  /** Topic ids followed, comma-separated; null (or empty) follows everything. */
  topics: Generated<string | null>;
  /** No digest until this instant (ISO); null when not paused. */
  paused_until: Generated<string | null>;
}

/** One row per week that has started sending: the rendered edition is fixed here. */
export interface EditionsTable {
  week: string;
  subject: string;
  /** `sending` until every delivery has an outcome, then `complete`. */
  status: 'sending' | 'complete';
  audience: number;
  /**
   * The edition rendered once, with recipient placeholders. Stored so that a resumed send builds
   * byte-identical payloads even if content files changed in between (DELIVERY.md §3).
   */
  preheader: string;
  html: string;
  text: string;
  /** Highest subscriber id frozen into a batch so far: the next freeze starts after it. */
  frozen_through: Generated<number>;
  /** Batches frozen so far; the next batch is number batch_count + 1. */
  batch_count: Generated<number>;
  created_at: string;
  completed_at: string | null;
  /** What every reader's variant is rendered from (JSON, see send/edition-source.ts); null before #15. */
  source: Generated<string | null>;
}

/** One variant of an edition (the comparisons a group of readers follow), rendered once. */
export interface EditionVariantsTable {
  week: string;
  /** The comparisons it holds, as their positions in the edition: "0,2,3". */
  segment: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/** The delivery ledger: one row per (week, subscriber) in the edition's audience snapshot. */
export interface DeliveriesTable {
  week: string;
  subscriber_id: number;
  /** The address at snapshot time, so a later change of address cannot split a batch's payload. */
  email: string;
  /** `queued` until the row has an outcome of its own (skipped, failed, settled); see DELIVERY_STATUSES. */
  status: DeliveryStatus;
  error: string | null;
  updated_at: string;
}

export interface BatchesTable {
  week: string;
  batch_no: number;
  status: BatchStatus;
  size: number;
  attempts: number;
  first_attempt_at: string | null;
  last_error: string | null;
  /** Worker holding the batch while it is being sent; a lease past its expiry may be taken over. */
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  sent_at: string | null;
  /**
   * The lowest and highest subscriber in the batch: its members are the edition's deliveries in that
   * range that were not skipped, found through the primary key. Freezing goes in subscriber order, so
   * ranges never overlap.
   */
  first_subscriber_id: number | null;
  last_subscriber_id: number | null;
  /**
   * The provider's id of each member's email, as JSON `{"<subscriber id>": "<provider id>"}`: written with
   * the batch's outcome in the same row (no per-email write), read when a webhook names an email by id.
   */
  provider_ids: string | null;
  /** Members who get a variant, as JSON `{"<subscriber id>": "<segment>"}`; the others get the whole week. */
  segments: string | null;
}

/** Named leases keep a second process out (one SQLite sender, one scheduler per week). */
export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: string;
}

/** One provider webhook event (email.delivered, email.bounced, …); the event id makes redelivery a no-op. */
export interface DeliveryEventsTable {
  /** The webhook's message id (svix-id). */
  event_id: string;
  type: string;
  /** The provider's id of the email the event is about (deliveries.provider_id for digests). */
  provider_email_id: string | null;
  /** The address the email went to; `forgotten` once the person asked to be forgotten. */
  recipient: string | null;
  /** The digest week, when the email was one (from the ledger or the message's week tag). */
  week: string | null;
  subscriber_id: number | null;
  /** When the provider says the event happened. */
  created_at: string;
  received_at: string;
  /** The event as received (JSON text). */
  payload: string;
  /** What the event means in our terms (EVENT_KINDS), or null for one we only record. */
  kind: EventKind | null;
  /** The link a click event names, as the provider sent it; null for other events. */
  link: Generated<string | null>;
}

/**
 * Provider events in our terms: a bounce is `bounced` when permanent, `soft_bounced` when transient or
 * undetermined; `suppressed` is the provider refusing an address on its suppression list.
 */
export const EVENT_KINDS = [
  'sent',
  'delivered',
  'delayed',
  'bounced',
  'soft_bounced',
  'complained',
  'opened',
  'clicked',
  'failed',
  'suppressed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Per edition and event kind: how many events, from how many distinct subscribers. */
export interface EditionEventCountsTable {
  week: string;
  kind: EventKind;
  events: number;
  subscribers: number;
}

/** Who has been counted in `edition_event_counts.subscribers`. */
export interface EditionEventFirstsTable {
  week: string;
  kind: EventKind;
  subscriber_id: number;
}

/** One tool as a sent edition showed it; written with the edition's first send, never changed. */
export interface EditionFactsTable {
  week: string;
  /** Place in the digest: comparison index × 2 + tool index. */
  position: number;
  /** The comparison's slug and title. */
  comparison: string;
  title: string;
  /** The tool's name as shown, and as matched: without case and surrounding spaces. */
  tool: string;
  tool_key: string;
  entry: string;
  /** Panel ship %; null when the tool had no reviews. */
  panel_ship: number | null;
  /** Community vote in percent; null while nobody had voted. */
  community: number | null;
}

/** A link of an edition that belongs to a comparison (normalized URL → comparison, tool). */
export interface EditionLinksTable {
  week: string;
  url: string;
  /** The comparison's slug. */
  comparison: string;
  /** The tool's name; null for the comparison's own page. */
  tool: string | null;
}

/** What engagement is counted per edition: clicks per link, comparison and tool; unsubscribes. */
export const ENGAGEMENT_KINDS = ['link', 'comparison', 'tool', 'unsubscribed'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/**
 * Per edition, kind and target (a normalized URL, a comparison slug, "slug/tool name", or '' for
 * unsubscribes): how many events, from how many distinct people. Kept as events arrive; never erased.
 */
export interface EditionEngagementTable {
  week: string;
  kind: EngagementKind;
  target: string;
  events: number;
  people: number;
}

/** Who has been counted in `edition_engagement.people`; a forgotten person's rows are deleted. */
export interface EditionEngagementFirstsTable {
  week: string;
  subscriber_id: number;
  kind: EngagementKind;
  target: string;
}

/** A reader's current vote on one tool of a comparison (issue #16): one row per subscriber, comparison, tool. */
export interface ReaderVotesTable {
  subscriber_id: number;
  /** The comparison's slug. */
  comparison: string;
  /** 0 or 1: the tool's place in the comparison. */
  tool: number;
  /** The edition whose link cast it; its tally holds this vote. */
  week: string;
  choice: 'ship' | 'skip';
  voted_at: string;
}

/** Reader votes counted per edition, comparison and tool; erasing a person leaves these. */
export interface VoteTalliesTable {
  week: string;
  comparison: string;
  tool: number;
  /** The tool's name as that edition showed it. */
  tool_name: string;
  ship: Generated<number>;
  skip: Generated<number>;
}

export interface Database {
  subscribers: SubscribersTable;
  editions: EditionsTable;
  deliveries: DeliveriesTable;
  batches: BatchesTable;
  leases: LeasesTable;
  delivery_events: DeliveryEventsTable;
  edition_event_counts: EditionEventCountsTable;
  edition_variants: EditionVariantsTable;
  edition_event_firsts: EditionEventFirstsTable;
  edition_facts: EditionFactsTable;
  edition_links: EditionLinksTable;
  edition_engagement: EditionEngagementTable;
  edition_engagement_firsts: EditionEngagementFirstsTable;
  reader_votes: ReaderVotesTable;
  vote_tallies: VoteTalliesTable;
}
