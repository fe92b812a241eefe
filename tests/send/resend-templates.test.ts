import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverTestCopy } from '../../src/edition/test-copy.ts';
import { RECIPIENT_EMAIL_PLACEHOLDER, UNSUBSCRIBE_URL_PLACEHOLDER } from '../../src/render/placeholders.ts';
import { editionTemplate } from '../../src/send/edition-template.ts';
import { createPacer } from '../../src/send/pacer.ts';
import { personalize, type RenderedEdition } from '../../src/send/personalize.ts';
import { createResendTransport } from '../../src/send/resend-transport.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import type { SendEvent } from '../../src/send/send-run.ts';
import { ResendDouble, type ResendDoubleOptions } from '../helpers/resend-double.ts';
import { deps, editionFor, settings, storeWithSubscribers } from '../helpers/send-fixtures.ts';

const week = '2026-W48';
const API_KEY = 're_test_key';

/** An edition the size of a real digest (~40 KB of HTML), so the payload saving is visible. */
function largeEdition(): RenderedEdition {
  const base = editionFor(week);
  const filler = '<p>Panel ship rate 78% · community vote 64% — “worth it for teams”.</p>'.repeat(600);
  return { ...base, html: `${filler}${base.html}` };
}

describe('sending each week as a Resend Template', () => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  let double: ResendDouble | undefined;
  afterEach(async () => {
    await store?.close();
    await double?.stop();
    store = undefined;
    double = undefined;
  });

  async function setUp(subscribers: number, options: ResendDoubleOptions = {}) {
    store = await storeWithSubscribers('sqlite', subscribers);
    // Addresses whose HTML copy must be escaped and whose text copy must not.
    await store.subscribers.importMany([{ email: "o'neil@example.com" }, { email: 'r&d@example.com' }], {
      status: 'active',
      source: 'test',
    });
    double = new ResendDouble({ apiKey: API_KEY, ...options });
    const baseUrl = await double.start();
    const transport = createResendTransport({ apiKey: API_KEY, baseUrl, templates: true });
    const events: SendEvent[] = [];
    return {
      store,
      double,
      baseUrl,
      transport,
      events,
      sendDeps: deps(store, transport, { onEvent: (e) => events.push(e) }),
    };
  }

  it('delivers to every recipient exactly what inline sending would, while each email carries ~0.5 KB', async () => {
    const { sendDeps, store, double } = await setUp(250);
    const edition = largeEdition();
    const report = await sendEdition(sendDeps, edition, { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 252, failed: 0, complete: true });
    expect(double.duplicates()).toEqual([]);
    expect(double.accepted).toHaveLength(252);
    expect(double.templates.size).toBe(1);
    const [template] = double.templates.values();
    expect(template!.published).not.toBeNull();
    expect(template!.alias).toMatch(/^weekly-verdicts-2026-w48-[0-9a-f]{16}$/);

    const ids = new Map(
      (await store.handle.db.selectFrom('subscribers').select(['id', 'email']).execute()).map((row) => [
        row.email,
        Number(row.id),
      ]),
    );
    for (const email of double.accepted) {
      const expected = personalize(edition, { subscriberId: ids.get(email.to)!, email: email.to }, settings);
      expect(email.html).toBe(expected.html);
      expect(email.text).toBe(expected.text);
      expect(email.headers['List-Unsubscribe']).toBe(expected.headers['List-Unsubscribe']);
    }
    const oneil = double.accepted.find((e) => e.to === "o'neil@example.com")!;
    expect(oneil.html).toContain('Sent to o&#x27;neil@example.com');
    expect(oneil.text).toContain("Sent to o'neil@example.com");
    // 252 emails of ~40 KB each went out in a few hundred kilobytes.
    const bytesPerEmail = double.batchBytes.reduce((a, b) => a + b, 0) / 252;
    expect(edition.html.length).toBeGreaterThan(40_000);
    expect(bytesPerEmail).toBeLessThan(1_000);
  });

  it('finds the published template again after a restart instead of creating another', async () => {
    const { sendDeps, double, baseUrl } = await setUp(150);
    const edition = largeEdition();
    const first = await sendEdition(sendDeps, edition, { settings, workerId: 'w1' });
    expect(first.complete).toBe(true);
    const callsBefore = double.templateRequests;
    // A new process: a fresh transport, the same week's edition, a test copy outside the ledger.
    const restarted = createResendTransport({ apiKey: API_KEY, baseUrl, templates: true });
    const copy = personalize(edition, { subscriberId: 0, email: 'editor@example.com' }, settings);
    const outcome = await restarted.sendBatch([copy], { idempotencyKey: 'after-restart' });
    expect(outcome.kind).toBe('accepted');
    expect(double.templates.size).toBe(1);
    expect(double.templateRequests - callsBefore).toBe(1);
    expect(double.accepted.at(-1)!.html).toBe(copy.html);
  });

  it('puts back a template someone edited on Resend, so subscribers get what the gate checked', async () => {
    const { double, baseUrl } = await setUp(1);
    const edition = largeEdition();
    const message = personalize(edition, { subscriberId: 7, email: 'reader@example.com' }, settings);
    const transport = createResendTransport({ apiKey: API_KEY, baseUrl, templates: true });
    expect((await transport.sendBatch([message], { idempotencyKey: 'k1' })).kind).toBe('accepted');
    const [template] = double.templates.values();
    template!.html = '<p>edited in the dashboard</p>';
    template!.published = { html: template!.html, text: template!.text };

    const later = createResendTransport({ apiKey: API_KEY, baseUrl, templates: true });
    expect((await later.sendBatch([message], { idempotencyKey: 'k2' })).kind).toBe('accepted');
    expect(double.accepted.at(-1)!.html).toBe(message.html);
  });

  it('retries when setting up the template fails for a moment, and sends nobody twice', async () => {
    const { sendDeps, store, double, events } = await setUp(300);
    double.injectTemplateFault(503, 500);
    double.inject({ kind: 'drop-after-accept' });
    const report = await sendEdition(sendDeps, largeEdition(), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 302, complete: true });
    expect(double.duplicates()).toEqual([]);
    expect(double.missing([...store.emails, "o'neil@example.com", 'r&d@example.com'])).toEqual([]);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.length).toBe(3);
    expect(JSON.stringify(retries[0])).toContain('template weekly-verdicts-2026-w48-');
    expect(double.templates.size).toBe(1);
  });

  it('stops with the template named when Resend refuses it, and resumes once it accepts', async () => {
    const { sendDeps, double } = await setUp(120);
    double.injectTemplateFault(422);
    const stopped = await sendEdition(sendDeps, largeEdition(), { settings, workerId: 'w1' });
    expect(stopped.complete).toBe(false);
    expect(stopped.stoppedBecause).toMatch(/^422 .*template weekly-verdicts-2026-w48-/);
    expect(double.accepted).toHaveLength(0);
    const resumed = await sendEdition(sendDeps, largeEdition(), { settings, workerId: 'w1' });
    expect(resumed).toMatchObject({ sent: 122, complete: true });
    expect(double.duplicates()).toEqual([]);
  });

  it('sets the template up within a 2 requests/s limit without drawing a single 429', async () => {
    const { store, double, transport } = await setUp(300, { rateLimit: { limit: 2, windowMs: 1000 } });
    const clock = () => new Date();
    const sendDeps = deps(store, transport, {
      clock,
      sleep: (ms) => delay(ms),
      pacer: createPacer({ clock, sleep: (ms) => delay(ms) }),
    });
    const report = await sendEdition(sendDeps, largeEdition(), { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 302, complete: true });
    expect(double.rateLimited).toBe(0);
    expect(double.templates.size).toBe(1);
    expect(double.duplicates()).toEqual([]);
  });

  it("sends an editor's test copy inline, leaving no template of a draft on Resend", async () => {
    const { double, transport } = await setUp(1);
    const edition = largeEdition();
    const recipient = { subscriberId: 0, email: 'editor@example.com' };
    const result = await deliverTestCopy(transport, edition, recipient, settings, new Date());
    expect(result.ok).toBe(true);
    expect(double.templates.size).toBe(0);
    expect(double.accepted[0]!.subject).toBe(`[Test] ${edition.subject}`);
    expect(double.accepted[0]!.html).toBe(personalize(edition, recipient, settings).html);
  });

  it('sends an edition inline when its content holds template braces', async () => {
    const { sendDeps, double } = await setUp(10);
    const edition = editionFor(week, 'Prompt syntax: {{input}} stays literal');
    const report = await sendEdition(sendDeps, edition, { settings, workerId: 'w1' });
    expect(report).toMatchObject({ sent: 12, complete: true });
    expect(double.templates.size).toBe(0);
    expect(double.accepted[0]!.html).toContain('Prompt syntax: {{input}} stays literal');
  });
});

describe('editionTemplate', () => {
  it('swaps each placeholder for its own variable, escaped HTML and plain text apart', () => {
    const template = editionTemplate(editionFor(week));
    if ('refused' in template) throw new Error(template.refused);
    expect(template.html).not.toContain(UNSUBSCRIBE_URL_PLACEHOLDER);
    expect(template.html).toContain('{{{UH}}}');
    expect(template.html).toContain('{{{EH}}}');
    expect(template.text).not.toContain(RECIPIENT_EMAIL_PLACEHOLDER);
    expect(template.text).toContain('{{{UT}}}');
    // The vote token reads the same escaped or not: one variable serves both parts.
    expect(template.variables.map((v) => v.key)).toEqual(['UH', 'UT', 'PH', 'PT', 'EH', 'ET', 'VT']);
  });

  it('names the template by week and content, so an edited week gets a new one', () => {
    const alias = (marker: string) => {
      const template = editionTemplate(editionFor(week, marker));
      return 'refused' in template ? template.refused : template.alias;
    };
    expect(alias('v1')).toBe(alias('v1'));
    expect(alias('v1')).not.toBe(alias('v2'));
  });

  it('refuses content with template braces, saying where', () => {
    expect(editionTemplate({ ...editionFor(week), text: 'write {{name}} here' })).toEqual({
      refused: `the text holds "{{", which Resend's template language would read as a tag`,
    });
    // Nested CSS rules end in "}}": that is literal text to a template language.
    const css = { ...editionFor(week), html: '<style>@media (max-width:600px){.card{padding:8px}}</style>' };
    expect('refused' in editionTemplate(css)).toBe(false);
  });
});
