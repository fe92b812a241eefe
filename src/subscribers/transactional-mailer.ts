import type { RenderedEmail, TransactionalKind, TransactionalTemplates } from '../render/transactional.ts';
import type { BatchOutcome, OutgoingMessage, Transport } from '../send/transport.ts';
import type { Subscriber } from '../store/subscriber-store.ts';
import { unsubscribeUrl } from './tokens.ts';

export interface MailSettings {
  from: string;
  replyTo?: string | undefined;
  siteUrl: string;
  publicUrl: string;
  secret: string;
  postalAddress: string;
  /** IANA zone the confirmation link's expiry is shown in. */
  timezone: string;
  unsubscribeMailto?: string | undefined;
}

export interface MailerDeps {
  templates: TransactionalTemplates;
  /**
   * A transport for one email. The outbox names files after the recipient, so each email gets its own
   * folder (`transactional/<time>-<kind>-<id>`) and a second confirmation never overwrites the first.
   */
  transportFor: (folder: string, date: Date) => Transport;
  settings: MailSettings;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export type Recipient = Pick<Subscriber, 'id' | 'email' | 'name'>;
/** `quota`: the provider's sending quota is used up; the email can be sent once it resets. */
export type MailResult =
  | { ok: true; providerId: string }
  | { ok: false; reason: string; quota?: boolean | undefined };

/** The emails of signing up: the double opt-in link and the welcome after it. */
export interface TransactionalMailer {
  sendConfirmation(to: Recipient, link: { url: string; expiresAt: Date }): Promise<MailResult>;
  sendWelcome(to: Recipient): Promise<MailResult>;
}

const ATTEMPTS = 3;

export function createTransactionalMailer(deps: MailerDeps): TransactionalMailer {
  const { settings } = deps;
  const expiryFormat = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: settings.timezone,
  });
  const base = (to: Recipient) => ({
    email: to.email,
    name: to.name,
    siteUrl: settings.siteUrl,
    postalAddress: settings.postalAddress,
  });

  return {
    async sendConfirmation(to, link) {
      // Nothing the signup request carried goes into the email (no name): the form reaches any inbox.
      const rendered = await deps.templates.render('confirm', {
        ...base(to),
        name: undefined,
        confirmUrl: link.url,
        expiresOn: `${expiryFormat.format(link.expiresAt)} (${settings.timezone})`,
      });
      return send(deps, 'confirm', to, rendered, {});
    },

    async sendWelcome(to) {
      const link = unsubscribeUrl(settings.publicUrl, settings.secret, to.id);
      // The name came from a form anyone can fill in, and confirming never showed it: it stays out.
      const rendered = await deps.templates.render('welcome', {
        ...base(to),
        name: undefined,
        unsubscribeUrl: link,
      });
      const listUnsubscribe = settings.unsubscribeMailto
        ? `<${link}>, <mailto:${settings.unsubscribeMailto}?subject=unsubscribe>`
        : `<${link}>`;
      return send(deps, 'welcome', to, rendered, {
        'List-Unsubscribe': listUnsubscribe,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
    },
  };
}

/**
 * One email, one request, under an idempotency key of its own; a retryable answer (429, 5xx, timeout)
 * is tried again a few times under the same key, so the provider never delivers it twice.
 */
async function send(
  deps: MailerDeps,
  kind: TransactionalKind,
  to: Recipient,
  rendered: RenderedEmail,
  headers: Record<string, string>,
): Promise<MailResult> {
  const at = deps.clock();
  const message: OutgoingMessage = {
    subscriberId: to.id,
    from: deps.settings.from,
    to: to.email,
    replyTo: deps.settings.replyTo,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers,
    tags: [{ name: 'category', value: kind }],
  };
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const transport = deps.transportFor(`transactional/${stamp}-${kind}-${to.id}`, at);
  const idempotencyKey = `${kind}/${to.id}/${at.getTime()}`;
  let outcome: BatchOutcome = { kind: 'fatal', reason: 'not sent' };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    outcome = await transport.sendBatch([message], { idempotencyKey });
    if (outcome.kind !== 'retry') break;
    if (attempt < ATTEMPTS) await deps.sleep(outcome.retryAfterMs ?? 1000 * attempt);
  }
  if (outcome.kind === 'accepted') {
    const first = outcome.outcomes[0];
    if (first?.ok) return { ok: true, providerId: first.providerId };
    return { ok: false, reason: first ? first.error : 'accepted without an outcome' };
  }
  return { ok: false, reason: outcome.reason, quota: outcome.kind === 'quota' };
}
