import type { Subscriber, SubscriberStore } from '../store/subscriber-store.ts';
import { mailboxKey } from './mailbox-key.ts';
import type { SignupFields } from './signup-input.ts';
import { confirmationToken } from './tokens.ts';
import type { MailResult, TransactionalMailer } from './transactional-mailer.ts';

/** How long a confirmation link works. */
export const CONFIRMATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SignupDeps {
  subscribers: SubscriberStore;
  mailer: Pick<TransactionalMailer, 'sendConfirmation'>;
  clock: () => Date;
  secret: string;
  publicUrl: string;
  /**
   * Confirmation emails per mailbox (mailbox-key.ts): a stranger cannot flood someone's inbox through
   * the form, not even with `+tags`.
   */
  allowEmailTo: (mailbox: string) => Promise<boolean>;
  /** Keeps a confirmation the provider's quota refused, to send once it resets. */
  deferConfirmation?: ((subscriberId: number) => Promise<void>) | undefined;
}

/**
 * What became of a signup. Only the server log ever sees it: every outcome gets the same answer, so
 * the form cannot be used to learn who is on the list.
 * - `created`, `resent`, `pending-again`: a confirmation email went out (new, still pending, or
 *   unsubscribed and back); `mail` says whether the provider took it.
 * - `already-active`: nothing to do. `suppressed`: bounced or complained, never mailed again.
 * - `throttled`: pending, but this address had its share of confirmation emails for now.
 * - `raced`: another request changed the row first (e.g. a second signup already sent the email).
 */
export type SignupOutcome =
  | { kind: 'created' | 'resent' | 'pending-again'; subscriber: Subscriber; mail: MailResult }
  | { kind: 'already-active' | 'suppressed' | 'throttled' | 'raced'; subscriber: Subscriber };

/** Double opt-in, step one: a pending subscriber and a confirmation link in their inbox. */
export async function signUp(deps: SignupDeps, fields: SignupFields): Promise<SignupOutcome> {
  // A known address (a second click, a resubmitted form) is a read, which leaves SQLite's write lock to
  // the writers; only an unknown one is inserted, and add() still settles a race with another insert.
  const known = await deps.subscribers.findByEmail(fields.email);
  const { subscriber: found, created } = known
    ? { subscriber: known, created: false }
    : await deps.subscribers.add({
        email: fields.email,
        name: fields.name,
        status: 'pending',
        source: 'signup',
      });
  let subscriber = found;
  let kind: 'created' | 'resent' | 'pending-again' = 'created';
  // Topics are taken from the signup that creates the row only: anyone can type an address into the
  // form, and a subscriber's choices are changed through their own preferences link.
  const chooseTopics = async () => {
    if (fields.topics && fields.topics.length > 0)
      subscriber =
        (await deps.subscribers.setPreferences(subscriber.id, {
          topics: fields.topics,
          pausedUntil: null,
        })) ?? subscriber;
  };
  if (created) await chooseTopics();
  if (!created) {
    switch (found.status) {
      case 'active':
        return { kind: 'already-active', subscriber: found };
      case 'bounced':
      case 'complained':
        return { kind: 'suppressed', subscriber: found };
      case 'unsubscribed': {
        const again = await deps.subscribers.transition(found.id, ['unsubscribed'], 'pending');
        if (!again) return { kind: 'raced', subscriber: found };
        subscriber = again;
        kind = 'pending-again';
        // Name, topics and pause stay as the reader left them: anyone can type an address into the
        // form, and a returning reader changes their choices through their own preferences link.
        break;
      }
      case 'pending':
        kind = 'resent';
        break;
    }
  }
  if (!(await deps.allowEmailTo(mailboxKey(subscriber.email)))) return { kind: 'throttled', subscriber };
  const mail = await deps.mailer.sendConfirmation(subscriber, confirmationLink(deps, subscriber.id));
  if (!mail.ok && mail.quota) await deps.deferConfirmation?.(subscriber.id);
  return { kind, subscriber, mail };
}

/** `<publicUrl>/confirm?token=…`, good for CONFIRMATION_TTL_MS from now. */
export function confirmationLink(
  deps: Pick<SignupDeps, 'clock' | 'secret' | 'publicUrl'>,
  subscriberId: number,
): { url: string; expiresAt: Date } {
  const expiresAt = new Date(deps.clock().getTime() + CONFIRMATION_TTL_MS);
  const token = confirmationToken(deps.secret, subscriberId, expiresAt.getTime());
  return { url: `${deps.publicUrl}/confirm?token=${token}`, expiresAt };
}
