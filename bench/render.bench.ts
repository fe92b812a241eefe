import { renderDigestText } from '../src/render/digest-text.ts';
import { renderDigestHtml } from '../src/render/render-digest.ts';
import { personalize, type RenderedEdition } from '../src/send/personalize.ts';
import { unsubscribeUrl } from '../src/subscribers/tokens.ts';
import { makeDigest } from '../tests/helpers/digest-fixtures.ts';
import { SETTINGS } from './lib/fixtures.ts';
import { loadMjmlDigest } from './lib/mjml-digest.ts';
import { type BenchRow, fixed, median } from './lib/stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Ten comparisons with 300-character pull quotes: about the size of a real week (~70 KB of HTML). */
const digest = makeDigest({ comparisons: 10, quoteLength: 300 });

/** Median milliseconds of one call of `fn`, over `n` sequential calls after a warm-up. */
async function perCall(fn: () => Promise<unknown> | unknown, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Mean microseconds per call over a tight loop of `n` calls (each call is too short to time alone). */
function meanMicros(fn: (i: number) => unknown, n: number): number {
  const started = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - started) * 1000) / n;
}

export async function run(): Promise<BenchRow[]> {
  const mjml = await loadMjmlDigest();
  const react = () => renderDigestHtml(digest);
  const viaMjml = () => mjml(digest);
  // Warm-up: JIT, module caches, MJML's component registry.
  for (let i = 0; i < 20; i++) await Promise.all([react(), viaMjml()]);

  // The week as the sender holds it: rendered once with placeholders.
  const edition: RenderedEdition = {
    week: digest.week,
    subject: digest.subject,
    preheader: digest.preheader,
    html: await react(),
    text: renderDigestText(digest),
  };
  const recipient = (i: number) => ({ subscriberId: i + 1, email: `reader${i}@example.com` });
  const rerender = async (i: number) => {
    const r = recipient(i);
    const own = {
      ...digest,
      recipientEmail: r.email,
      unsubscribeUrl: unsubscribeUrl(SETTINGS.publicUrl, SETTINGS.secret, r.subscriberId),
    };
    return [await renderDigestHtml(own), renderDigestText(own)];
  };

  const reactMs: number[] = [];
  const mjmlMs: number[] = [];
  const renderRatios: number[] = [];
  const personalizeUs: number[] = [];
  const rerenderUs: number[] = [];
  const speedups: number[] = [];
  const flatUs: number[] = [];
  const flatSpeedups: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternatives interleaved within each run, so a noisy neighbour hits both.
    const r = await perCall(react, 50);
    const m = await perCall(viaMjml, 50);
    reactMs.push(r);
    mjmlMs.push(m);
    renderRatios.push(m / r);
    const p = meanMicros((i) => personalize(edition, recipient(i), SETTINGS), 20_000);
    // personalize() returns V8 concatenation ropes; reading a character flattens them into one copy of
    // the bytes. The sender never does that itself (JSON.stringify in the transport walks the rope), but
    // this is the cost of the materialized message, counted honestly.
    const pf = meanMicros((i) => {
      const message = personalize(edition, recipient(i), SETTINGS);
      return message.html.charCodeAt(message.html.length >> 1) + message.text.charCodeAt(1);
    }, 5_000);
    flatUs.push(pf);
    let i = 0;
    const rr = (await perCall(() => rerender(i++), 30)) * 1000;
    personalizeUs.push(p);
    rerenderUs.push(rr);
    speedups.push(rr / p);
    flatSpeedups.push(rr / pf);
  }
  const twoByte = Array.from(edition.html).some((char) => (char.codePointAt(0) ?? 0) > 0xff);
  const htmlKb = Buffer.byteLength(edition.html) / 1024;
  const mjmlKb = Buffer.byteLength(await viaMjml()) / 1024;
  return [
    {
      figure: 'render one 10-comparison digest with React Email (ms)',
      value: `${fixed(median(reactMs), 2)} ms`,
      target: '≤ 20 ms',
      met: median(reactMs) <= 20,
      note: `runs (median of 50 renders each): ${reactMs.map((v) => fixed(v, 2)).join(', ')} ms; HTML ${fixed(htmlKb, 0)} KB`,
    },
    {
      figure: 'MJML + Handlebars render of the same digest ÷ React Email render',
      value: `${fixed(median(renderRatios), 2)}× (${fixed(median(mjmlMs), 2)} ms)`,
      target: 'reported',
      met: undefined,
      note: `ratios per run: ${renderRatios.map((v) => fixed(v, 2)).join(', ')}; MJML HTML ${fixed(mjmlKb, 0)} KB`,
    },
    {
      figure: "personalize one recipient's message from the rendered week (µs)",
      value: `${fixed(median(personalizeUs), 1)} µs`,
      target: 'reported',
      met: undefined,
      note: `runs (mean of 20,000 each): ${personalizeUs.map((v) => fixed(v, 1)).join(', ')} µs`,
    },
    {
      figure: 're-render per recipient (HTML + text) ÷ personalize',
      value: `${fixed(median(speedups), 0)}× (re-render ${fixed(median(rerenderUs) / 1000, 2)} ms)`,
      target: '≥ 1,000×',
      met: median(speedups) >= 1000,
      note: `ratios per run: ${speedups.map((v) => fixed(v, 0)).join(', ')}`,
    },
    {
      figure: 'personalize + flatten the message into one string (µs), and re-render ÷ that',
      value: `${fixed(median(flatUs), 1)} µs (${fixed(median(flatSpeedups), 0)}×)`,
      target: 'reported',
      met: undefined,
      note: `runs: ${flatUs.map((v) => fixed(v, 1)).join(', ')} µs; ${twoByte ? 'the HTML holds characters beyond Latin-1, so V8 stores it two bytes a character' : 'one-byte HTML'}`,
    },
  ];
}
