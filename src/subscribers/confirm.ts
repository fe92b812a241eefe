import type { Subscriber, SubscriberStore } from '../store/subscriber-store.ts';
import { CONFIRMATION_TTL_MS } from './signup.ts';
import { verifyConfirmationToken } from './tokens.ts';

export interface ConfirmDeps {
  subscribers: Pick<SubscriberStore, 'findById' | 'transition'>;
  clock: () => Date;
  secret: string;
}

/**
 * What a confirmation link is, or did:
 * - `ready`: pending, and the link may confirm it (what a GET finds; only a POST acts).
 * - `confirmed`: pending → active, just now (the caller sends the welcome email).
 * - `already-confirmed`: the subscriber is active already (a second click).
 * - `used`: the link was spent (confirmed before it was issued… or the person left since).
 * - `expired`: still pending, but the link is older than its lifetime.
 * - `invalid`: forged, damaged, or its subscriber no longer exists.
 */
export type ConfirmOutcome =
  | { kind: 'ready' | 'confirmed' | 'already-confirmed' | 'used' | 'expired'; subscriber: Subscriber }
  | { kind: 'invalid' };

/**
 * Who a confirmation link is for and whether it can confirm, changing nothing: link scanners open
 * links in emails, and a scanner's GET must not subscribe anyone.
 */
export async function readConfirmationLink(deps: ConfirmDeps, token: string): Promise<ConfirmOutcome> {
  const check = verifyConfirmationToken(deps.secret, token, deps.clock());
  if (!check.ok && check.reason === 'invalid') return { kind: 'invalid' };
  const subscriber = await deps.subscribers.findById(check.subscriberId);
  if (!subscriber) return { kind: 'invalid' };
  if (subscriber.status === 'active') return { kind: 'already-confirmed', subscriber };
  if (subscriber.status !== 'pending') return { kind: 'used', subscriber };
  // A pending row that was confirmed before (then left and signed up again): links issued before that
  // confirmation were spent on it.
  const issuedAt = check.expiresAtMs - CONFIRMATION_TTL_MS;
  if (subscriber.confirmed_at && issuedAt <= Date.parse(subscriber.confirmed_at)) {
    return { kind: 'used', subscriber };
  }
  if (!check.ok) return { kind: 'expired', subscriber };
  return { kind: 'ready', subscriber };
}

/** Double opt-in, step two (the POST). A link activates once: a compare-and-set on `pending`. */
export async function confirmSubscription(deps: ConfirmDeps, token: string): Promise<ConfirmOutcome> {
  const found = await readConfirmationLink(deps, token);
  if (found.kind !== 'ready') return found;
  const activated = await deps.subscribers.transition(found.subscriber.id, ['pending'], 'active');
  if (activated) return { kind: 'confirmed', subscriber: activated };
  // Another request got there first.
  const now = await deps.subscribers.findById(found.subscriber.id);
  if (!now) return { kind: 'invalid' };
  return { kind: now.status === 'active' ? 'already-confirmed' : 'used', subscriber: now };
}
