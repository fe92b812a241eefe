import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/server/security-headers.ts';
import { type ServerHarness, SITE_URL, serverHarness } from '../helpers/server-harness.ts';

const json = (body: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});

describe('security headers', () => {
  let harness: ServerHarness;
  beforeAll(async () => {
    harness = await serverHarness('sqlite', { signupsPerIp: 1 });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('are on every answer: pages, the API, redirects, refusals, preflights and unknown paths', async () => {
    const answers = [
      await harness.request('/'),
      await harness.request('/healthz'),
      await harness.request('/assets/site.css'),
      await harness.request('/subscribe'),
      await harness.request('/nowhere'),
      await harness.request('/api/nowhere'),
      await harness.request('/confirm?token=forged'),
      await harness.json('/api/subscribe', { email: 'reader@example.com' }, '198.51.100.1'),
      await harness.json('/api/subscribe', { email: 'reader@example.com' }, '198.51.100.1'),
      await harness.request('/api/subscribe', json('{broken'), '198.51.100.2'),
      await harness.request('/api/subscribe', {
        method: 'OPTIONS',
        headers: { origin: SITE_URL, 'access-control-request-method': 'POST' },
      }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([
      200, 200, 200, 303, 404, 404, 400, 202, 429, 400, 204,
    ]);
    for (const answer of answers) {
      for (const [name, value] of SECURITY_HEADERS) expect(answer.headers.get(name)).toBe(value);
    }
    expect(answers[0]!.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(answers[0]!.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answers[0]!.headers.get('cross-origin-resource-policy')).toBeNull();
  });
});
