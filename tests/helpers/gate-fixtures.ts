import type { GateContext } from '../../src/gate/context.ts';
import { parseHtml } from '../../src/gate/html.ts';
import { type GateSources, originIndex } from '../../src/gate/origins.ts';
import { runGate, worstCaseRecipient } from '../../src/gate/run-gate.ts';
import type { GateResult } from '../../src/gate/types.ts';
import type { Digest } from '../../src/render/digest-model.ts';
import { renderDigestText } from '../../src/render/digest-text.ts';
import { UNSUBSCRIBE_URL_PLACEHOLDER } from '../../src/render/placeholders.ts';
import { renderDigestHtml } from '../../src/render/render-digest.ts';
import { personalize, type RenderedEdition, type SenderSettings } from '../../src/send/personalize.ts';

/** Sender settings as production would have them: an https public URL. */
export const SENDER: SenderSettings = {
  from: 'Weekly Verdicts <digest@verdicts.example.com>',
  publicUrl: 'https://news.example.com',
  secret: 'test-secret-of-sufficient-length',
};

export function sources(overrides: Partial<GateSources> = {}): GateSources {
  return { comparisons: [], siteUrl: 'https://verdicts.example', publicUrl: SENDER.publicUrl, ...overrides };
}

/** Renders a digest model with the real templates and runs the whole gate on it. */
export async function gateDigest(digest: Digest, overrides: Partial<GateSources> = {}): Promise<GateResult> {
  const rendered: RenderedEdition = {
    week: digest.week,
    subject: digest.subject,
    preheader: digest.preheader,
    html: await renderDigestHtml(digest),
    text: renderDigestText(digest),
  };
  return runGate({
    rendered,
    sample: personalize(rendered, worstCaseRecipient(), SENDER),
    sources: sources({ introHtml: digest.intro?.html, siteUrl: digest.siteUrl, ...overrides }),
  });
}

/**
 * A rule's input around a hand-written HTML body: wrapped in a document with an unsubscribe link, then
 * personalized like a real message.
 */
export function contextFor(
  body: string,
  {
    head = '',
    overrides = {},
    settings = SENDER,
  }: { head?: string; overrides?: Partial<GateSources>; settings?: SenderSettings } = {},
): GateContext {
  const html = `<!DOCTYPE html><html><head>${head}</head><body>${body}<a href="${UNSUBSCRIBE_URL_PLACEHOLDER}">Unsubscribe</a></body></html>`;
  const rendered: RenderedEdition = {
    week: '2026-W48',
    subject: 'Subject',
    preheader: 'Preheader',
    html,
    text: `Unsubscribe: ${UNSUBSCRIBE_URL_PLACEHOLDER}\n`,
  };
  const sample = personalize(rendered, worstCaseRecipient(), settings);
  const all = sources(overrides);
  return { rendered, sample, document: parseHtml(sample.html), sources: all, originOf: originIndex(all) };
}
