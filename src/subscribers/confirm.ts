import type { Subscriber, SubscriberStore } from '../store/subscriber-store.ts';
import { CONFIRMATION_TTL_MS } from './signup.ts';
import { verifyConfirmationToken } from './tokens.ts';

export interface ConfirmDeps {
  subscribers: Pick<SubscriberStore, 'findById' | 'transition'>;
  clock: () => Date;
  secret: string;
}

/**
 * What a confirmation link did:
 * - `confirmed`: pending → active, just now (the caller sends the welcome email).
 * - `already-confirmed`: the subscriber is active already (a second click, a link scanner first).
 * - `used`: the link was spent (confirmed before it was issued… or the person left since).
 * - `expired`: still pending, but the link is older than its lifetime.
 * - `invalid`: forged, damaged, or its subscriber no longer exists.
 */
export type ConfirmOutcome =
  | { kind: 'confirmed' | 'already-confirmed' | 'used' | 'expired'; subscriber: Subscriber }
  | { kind: 'invalid' };

/** Double opt-in, step two. A link activates once: the status change is a compare-and-set on `pending`. */
export async function confirmSubscription(deps: ConfirmDeps, token: string): Promise<ConfirmOutcome> {
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
  const activated = await deps.subscribers.transition(subscriber.id, ['pending'], 'active');
  if (activated) return { kind: 'confirmed', subscriber: activated };
  // Another request got there first.
  const now = await deps.subscribers.findById(subscriber.id);
  if (!now) return { kind: 'invalid' };
  return { kind: now.status === 'active' ? 'already-confirmed' : 'used', subscriber: now };
}
