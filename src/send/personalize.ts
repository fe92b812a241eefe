import { RECIPIENT_EMAIL_PLACEHOLDER, UNSUBSCRIBE_URL_PLACEHOLDER } from '../render/placeholders.ts';
import { unsubscribeUrl } from '../subscribers/tokens.ts';
import type { OutgoingMessage } from './transport.ts';

/** A week's digest rendered once, with placeholders where each recipient's values go. */
export interface RenderedEdition {
  week: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface SenderSettings {
  from: string;
  replyTo?: string | undefined;
  publicUrl: string;
  secret: string;
  /** Adds a mailto: alternative to List-Unsubscribe when set. */
  unsubscribeMailto?: string | undefined;
}

export interface Recipient {
  subscriberId: number;
  email: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);

/**
 * One recipient's message: string substitution into the rendered edition, nothing re-rendered
 * (DELIVERY.md §9). A pure function of (edition, recipient, settings), so a retry is byte-identical.
 */
export function personalize(
  edition: RenderedEdition,
  recipient: Recipient,
  settings: SenderSettings,
): OutgoingMessage {
  const link = unsubscribeUrl(settings.publicUrl, settings.secret, recipient.subscriberId);
  const html = edition.html
    .replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, escapeHtml(link))
    .replaceAll(RECIPIENT_EMAIL_PLACEHOLDER, escapeHtml(recipient.email));
  const text = edition.text
    .replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, link)
    .replaceAll(RECIPIENT_EMAIL_PLACEHOLDER, recipient.email);
  const listUnsubscribe = settings.unsubscribeMailto
    ? `<${link}>, <mailto:${settings.unsubscribeMailto}?subject=unsubscribe>`
    : `<${link}>`;
  return {
    subscriberId: recipient.subscriberId,
    from: settings.from,
    to: recipient.email,
    replyTo: settings.replyTo,
    subject: edition.subject,
    html,
    text,
    headers: {
      'List-Unsubscribe': listUnsubscribe,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    tags: [
      { name: 'category', value: 'digest' },
      { name: 'week', value: edition.week },
    ],
  };
}
