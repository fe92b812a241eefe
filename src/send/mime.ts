import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingMessage } from './transport.ts';

/** Builds an RFC 5322 message (multipart/alternative: text + HTML) with nodemailer's MailComposer. */
export async function toMime(
  message: OutgoingMessage,
  options: { messageId: string; date: Date },
): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    messageId: options.messageId,
    date: options.date,
  });
  return composer.compile().build();
}
