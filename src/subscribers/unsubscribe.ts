import type { Subscriber, SubscriberStore } from '../store/subscriber-store.ts';
import { verifyUnsubscribeToken } from './tokens.ts';

export interface UnsubscribeDeps {
  subscribers: Pick<SubscriberStore, 'findById' | 'transition'>;
  secret: string;
}

/**
 * - `found`/`unsubscribed`: the token names this subscriber (`unsubscribed` after the change).
 * - `gone`: a genuine token whose subscriber was removed or forgotten: nothing is sent to them anyway.
 * - `invalid`: forged or damaged.
 */
export type TokenLookup = { kind: 'found'; subscriber: Subscriber } | { kind: 'gone' } | { kind: 'invalid' };
export type UnsubscribeOutcome =
  | { kind: 'unsubscribed'; subscriber: Subscriber; changed: boolean }
  | { kind: 'gone' }
  | { kind: 'invalid' };

/** Who an unsubscribe link belongs to, without changing anything (the GET page). */
export async function readUnsubscribeLink(deps: UnsubscribeDeps, token: string): Promise<TokenLookup> {
  const id = verifyUnsubscribeToken(deps.secret, token);
  if (id === undefined) return { kind: 'invalid' };
  const subscriber = await deps.subscribers.findById(id);
  return subscriber ? { kind: 'found', subscriber } : { kind: 'gone' };
}

/**
 * Stops every future email at once (RFC 8058 one-click). Idempotent. A bounced or complained address
 * keeps that status: it is stronger than unsubscribed, and either way nothing is sent.
 */
export async function unsubscribe(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeOutcome> {
  const found = await readUnsubscribeLink(deps, token);
  if (found.kind !== 'found') return found;
  const changed = await deps.subscribers.transition(
    found.subscriber.id,
    ['active', 'pending'],
    'unsubscribed',
  );
  return changed
    ? { kind: 'unsubscribed', subscriber: changed, changed: true }
    : { kind: 'unsubscribed', subscriber: found.subscriber, changed: false };
}
