import type { Selectable } from 'kysely';
import type { VariantSource } from '../../render/digest-variant.ts';
import type { ShownFacts } from '../../render/shown-facts.ts';
import type { Recipient } from '../../subscribers/recipient.ts';
import type { BatchesTable, EditionsTable } from '../schema.ts';

export type EditionRow = Selectable<EditionsTable>;
export type BatchRow = BatchesTable;

/** What starting an edition stores: the week rendered once, with recipient placeholders. */
export interface NewEdition {
  week: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** What each tool was shown with: the send history later digests compare against. */
  facts?: readonly ShownFacts[] | undefined;
  /** What readers' variants are rendered from; kept as JSON with the edition. */
  source?: VariantSource | undefined;
}

/** A member of a batch, and the variant of the week they get (absent: the whole week). */
export interface Member extends Recipient {
  segment?: string | undefined;
}

/** A batch as it was frozen, with its members in payload order (subscriber order). */
export interface FrozenBatch {
  batch: BatchRow;
  recipients: Member[];
}

/** A snapshot row waiting to be frozen, and what its subscriber wants now. */
export interface QueuedDelivery extends Recipient {
  active: boolean;
  /** The subscriber's followed topics (comma-separated; null: everything) and pause. */
  topics: string | null;
  pausedUntil: string | null;
}

/** What a reader gets of the week at freeze time: nothing (and why), or a variant (null: the whole week). */
export type MemberPlan = { skip: string } | { segment: string | null };

/** The provider's answer for one member of an accepted batch. */
export interface DeliveryResult {
  subscriberId: number;
  outcome: { ok: true; providerId: string } | { ok: false; error: string };
}

/** Where freezing has got to: the next freeze starts after `frozenThrough`, numbering at `batchCount + 1`. */
export interface FreezeProgress {
  frozenThrough: number;
  batchCount: number;
}

/** Completing a batch, and counting the first attempt of the one its sender sends next in the same write. */
export interface BatchCompletion {
  week: string;
  batchNo: number;
  /** The accepted emails' provider ids as JSON `{"<subscriber id>": "<provider id>"}`, or null. */
  providerIds: string | null;
  rejected: readonly { subscriberId: number; error: string }[];
  /** The batch's summary of rejections, or null. */
  lastError: string | null;
  at: string;
  nextAttempt?: { batchNo: number; owner: string; leaseExpiresAt: string } | undefined;
}
