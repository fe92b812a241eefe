import { INERT_VOTE_TOKEN, VOTE_TOKEN_PLACEHOLDER } from '../render/placeholders.ts';
import { personalize, type RenderedEdition, type SenderSettings } from '../send/personalize.ts';
import type { Transport } from '../send/transport.ts';
import type { Recipient } from '../subscribers/recipient.ts';

/** What became of a test copy: the provider's id, or why it was not sent. */
export type TestCopyResult = { ok: true; providerId: string } | { ok: false; reason: string };

/**
 * Sends one copy of an edition to one (already normalized) address, outside the ledger: personalized like
 * any message, the subject prefixed with `[Test]`, under a fresh idempotency key so every request is a new
 * email. Used by `verdicts send --to` and the preview's test-send form.
 */
export async function deliverTestCopy(
  transport: Transport,
  rendered: RenderedEdition,
  recipient: Recipient,
  settings: SenderSettings,
  now: Date,
): Promise<TestCopyResult> {
  // A test copy's vote links count for nobody: an editor checking a draft must not vote as a reader.
  const inert = {
    ...rendered,
    html: rendered.html.replaceAll(VOTE_TOKEN_PLACEHOLDER, INERT_VOTE_TOKEN),
    text: rendered.text.replaceAll(VOTE_TOKEN_PLACEHOLDER, INERT_VOTE_TOKEN),
  };
  const message = personalize(inert, recipient, settings);
  message.subject = `[Test] ${message.subject}`;
  // Inline, never as a Resend Template: a draft checked by an editor must not leave templates behind.
  message.personal = undefined;
  const key = `test/${rendered.week}/${recipient.email}/${now.getTime()}`;
  const outcome = await transport.sendBatch([message], { idempotencyKey: key });
  if (outcome.kind !== 'accepted') return { ok: false, reason: outcome.reason };
  const first = outcome.outcomes[0];
  if (!first) return { ok: false, reason: 'the provider answered without a result for the message' };
  return first.ok ? { ok: true, providerId: first.providerId } : { ok: false, reason: first.error };
}
