import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/server/webhook-signature.ts';
import { parseSignup } from '../../src/subscribers/signup-input.ts';
import {
  confirmationToken,
  preferencesToken,
  unsubscribeToken,
  voteToken,
} from '../../src/subscribers/tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { type SeededRandom, seededRandom } from '../helpers/seeded-random.ts';
import {
  PUBLIC_URL,
  SECRET,
  type ServerHarness,
  serverHarness,
  WEBHOOK_SECRET,
} from '../helpers/server-harness.ts';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_118);
const WEEK_MS = 7 * 24 * 60 * 60_000;

/** What a generated request is: one that may change rows (a well-formed signup, a genuine link's POST,
 * a signed event) or one the server must refuse or merely answer, changing nothing. */
interface Generated {
  route: string;
  path: string;
  init: RequestInit;
  mayChange: boolean;
}

const POOL = [
  'ada@example.com',
  'bob@example.org',
  'cy+news@example.com',
  'd.e.e@gmail.com',
  'eve@example.net',
];
const JUNK = '\u0000\u0007\r\n\t "\'<>&;%$@.+-=/\\{}[]()`~|aé😀\u202e\ufffe';
// biome-ignore lint/suspicious/noControlCharactersInRegex: a name the form takes has none
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** For a URL: percent-encoded, lone surrogates as raw invalid UTF-8 (`%ED%A0%80`), as an attacker may send. */
function inUrl(text: string): string {
  return text
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

function junk(r: SeededRandom, max = 40): string {
  return r.text(r.int(max), r.chance(0.5) ? JUNK : `${ALNUM}${JUNK}`);
}

function hostileValue(r: SeededRandom, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0:
      return junk(r);
    case 1:
      return r.pick([0, -1, 1e308, Number.NaN, true, false, null]);
    case 2:
      return 'x'.repeat(r.pick([255, 321, 5000]));
    case 3:
      return `${r.pick(POOL)}${r.pick(['', ' ', '\n', '\u0000'])}`;
    case 4:
      return r.pick(['', '__proto__', 'constructor', '{{name}}', '<script>alert(1)</script>']);
    case 5:
      return [hostileValue(r, depth + 1), hostileValue(r, depth + 1)];
    case 6:
      return { __proto__: { polluted: true }, email: hostileValue(r, depth + 1) };
    default:
      return { email: hostileValue(r, depth + 1), name: hostileValue(r, depth + 1) };
  }
}

/** A token a reader could hold, or one an attacker made up. */
function token(
  r: SeededRandom,
  kind: 'confirm' | 'unsubscribe' | 'preferences' | 'vote',
  ids: number[],
  now: number,
) {
  const id = ids.length > 0 ? r.pick(ids) : 1;
  const genuine =
    kind === 'confirm'
      ? confirmationToken(SECRET, id, now + r.pick([WEEK_MS, -1000]))
      : kind === 'preferences'
        ? preferencesToken(SECRET, id)
        : kind === 'vote'
          ? voteToken(SECRET, id, r.pick([202602, 202647, 0, 999_999, 202699]))
          : unsubscribeToken(SECRET, id);
  const kinds = [
    'genuine',
    'flipped',
    'other-secret',
    'other-kind',
    'junk',
    'truncated',
    'extended',
  ] as const;
  const shape = r.pick(kinds);
  switch (shape) {
    case 'genuine':
      return { value: genuine, genuine: true };
    case 'flipped': {
      const at = r.int(genuine.length);
      const swapped = genuine[at] === 'A' ? 'B' : 'A';
      return {
        value: `${genuine.slice(0, at)}${swapped}${genuine.slice(at + 1)}`,
        genuine: genuine[at] === '.',
      };
    }
    case 'other-secret':
      return {
        value:
          kind === 'confirm'
            ? confirmationToken('another-secret-of-enough-length', id, now + WEEK_MS)
            : unsubscribeToken('another-secret-of-enough-length', id),
        genuine: false,
      };
    case 'other-kind':
      return {
        value:
          kind === 'confirm' ? unsubscribeToken(SECRET, id) : confirmationToken(SECRET, id, now + WEEK_MS),
        genuine: false,
      };
    case 'truncated':
      return { value: genuine.slice(0, r.int(genuine.length)), genuine: false };
    case 'extended':
      return { value: `${genuine}${r.pick(['.', 'A', '%00', '.x.y'])}`, genuine: false };
    default:
      return { value: inUrl(junk(r, 80)), genuine: false };
  }
}

/** A vote link: a real slug or junk, tool and choice right or wrong, some parameters missing or repeated. */
function votePath(r: SeededRandom, token: string): string {
  const params = [
    ['c', r.pick(['whisper-large-v3-turbo-vs-deepgram-nova-3', 'x'.repeat(300), inUrl(junk(r))])],
    ['t', r.pick(['0', '1', '2', '-1', '01', inUrl(junk(r, 5))])],
    ['v', r.pick(['ship', 'skip', 'SHIP', inUrl(junk(r, 5))])],
    ['token', token],
  ].filter(() => r.chance(0.9));
  if (r.chance(0.1)) params.push(['t', '1']);
  return `/vote?${params.map(([name, value]) => `${name}=${value}`).join('&')}`;
}

/** Whether the signup API would take this body as a signup (it may then write a row). */
function acceptsSignup(body: string): boolean {
  try {
    const parsed = parseSignup(JSON.parse(body));
    return parsed.ok && !parsed.honeypot;
  } catch {
    return false;
  }
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

/** One generator per route `serve` has; each knows whether its request may change a row. */
function generators(h: ServerHarness, ids: () => number[]) {
  const now = () => h.clock().getTime();
  const gens: Record<string, (r: SeededRandom) => Generated> = {
    'POST /subscribe': (r) => {
      const valid = r.chance(0.3);
      const honeypot = valid && r.chance(0.2);
      const fields: Record<string, string> = valid
        ? { email: r.pick(POOL), name: r.chance(0.5) ? junk(r, 20).replace(CONTROL, '') : '' }
        : { email: junk(r), name: junk(r, 150) };
      if (honeypot) fields.website = 'http://spam.example';
      const formPost = r.chance(0.9);
      const init: RequestInit = formPost
        ? form(fields)
        : {
            method: 'POST',
            headers: { 'content-type': r.pick(['text/plain', 'application/json', 'image/png']) },
            body: junk(r, 200),
          };
      return {
        route: 'POST /subscribe',
        path: '/subscribe',
        init,
        mayChange: valid && !honeypot && formPost,
      };
    },
    'POST /api/subscribe': (r) => {
      const valid = r.chance(0.3);
      const body = valid
        ? JSON.stringify({ email: r.pick(POOL), ...(r.chance(0.5) ? { name: 'Reader' } : {}) })
        : r.chance(0.7)
          ? JSON.stringify(hostileValue(r))
          : junk(r, 300);
      const type =
        valid || r.chance(0.8)
          ? 'application/json'
          : r.pick(['text/plain', 'application/x-www-form-urlencoded', '']);
      const init: RequestInit = {
        method: 'POST',
        headers: {
          'content-type': type,
          origin: r.pick(['https://verdicts.example.com', 'https://evil.example']),
        },
        body,
      };
      return {
        route: 'POST /api/subscribe',
        path: '/api/subscribe',
        init,
        // A "hostile" body can still be a good signup (an address with a trailing space, say): what the
        // API accepts may change rows; anything it refuses must not.
        mayChange: type === 'application/json' && acceptsSignup(body),
      };
    },
    'GET /confirm': (r) => ({
      route: 'GET /confirm',
      path: `/confirm?token=${token(r, 'confirm', ids(), now()).value}`,
      init: { method: r.pick(['GET', 'HEAD']) },
      mayChange: false,
    }),
    'POST /confirm': (r) => {
      const t = token(r, 'confirm', ids(), now());
      return {
        route: 'POST /confirm',
        path: `/confirm?token=${t.value}`,
        init: { method: 'POST', body: junk(r, 30) },
        mayChange: t.genuine,
      };
    },
    'GET /unsubscribe': (r) => ({
      route: 'GET /unsubscribe',
      path: `/unsubscribe?token=${token(r, 'unsubscribe', ids(), now()).value}`,
      init: {},
      mayChange: false,
    }),
    'POST /unsubscribe': (r) => {
      const t = token(r, 'unsubscribe', ids(), now());
      const oneClick = r.chance(0.6);
      const body = oneClick
        ? 'List-Unsubscribe=One-Click'
        : r.pick(['List-Unsubscribe=Yes', '', junk(r, 50)]);
      return {
        route: 'POST /unsubscribe',
        path: `/unsubscribe?token=${t.value}`,
        init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
        mayChange: t.genuine && oneClick,
      };
    },
    'GET /preferences': (r) => ({
      route: 'GET /preferences',
      path: `/preferences?token=${token(r, 'preferences', ids(), now()).value}`,
      init: {},
      mayChange: false,
    }),
    'POST /preferences': (r) => {
      const t = token(r, 'preferences', ids(), now());
      const body = new URLSearchParams();
      for (let i = r.int(4); i > 0; i--)
        body.append('topics', r.pick(['speech', 'developer-tools', 'browser-agents', junk(r, 20), '']));
      if (r.chance(0.7)) body.append('pause_weeks', r.pick(['0', '1', '2', '4', '3', '-1', junk(r, 5)]));
      const inBody = r.chance(0.3);
      if (inBody) body.append('token', t.value);
      return {
        route: 'POST /preferences',
        path: inBody ? '/preferences' : `/preferences?token=${t.value}`,
        init: {
          method: 'POST',
          headers: { 'content-type': r.pick(['application/x-www-form-urlencoded', 'text/plain']) },
          body: body.toString(),
        },
        mayChange: t.genuine,
      };
    },
    'GET /vote': (r) => ({
      route: 'GET /vote',
      path: votePath(r, token(r, 'vote', ids(), now()).value),
      init: { method: r.pick(['GET', 'HEAD']) },
      mayChange: false,
    }),
    // No edition has been sent in this run: even a genuine reader's link has nothing to vote on.
    'POST /vote': (r) => ({
      route: 'POST /vote',
      path: votePath(r, token(r, 'vote', ids(), now()).value),
      init: r.chance(0.8) ? form({}) : { method: 'POST', body: junk(r, 200) },
      mayChange: false,
    }),
    'POST /webhooks/resend': (r) => {
      const payload = r.chance(0.6)
        ? JSON.stringify({
            type: r.pick([
              'email.bounced',
              'email.complained',
              'email.delivered',
              'email.opened',
              junk(r, 10),
            ]),
            created_at: r.pick([new Date(now()).toISOString(), junk(r, 10)]),
            data: {
              email_id: `re_${r.int(1000)}`,
              to: r.chance(0.8) ? [r.pick(POOL)] : hostileValue(r),
              bounce: { type: r.pick(['Permanent', 'Transient', junk(r, 5)]), message: junk(r, 30) },
              tags: r.chance(0.5) ? { week: '2026-W02' } : hostileValue(r),
            },
          })
        : junk(r, 400);
      const id = `msg_${r.int(1_000_000)}`;
      const signing = r.pick(['genuine', 'genuine', 'stale', 'other-secret', 'none', 'tampered'] as const);
      const at = new Date(now() + (signing === 'stale' ? -10 * 60_000 : 0));
      const secret =
        signing === 'other-secret'
          ? `whsec_${Buffer.from('another-webhook-secret!!').toString('base64')}`
          : WEBHOOK_SECRET;
      const headers: Record<string, string> = signing === 'none' ? {} : signWebhook(secret, id, at, payload);
      const body = signing === 'tampered' ? `${payload} ` : payload;
      return {
        route: 'POST /webhooks/resend',
        path: '/webhooks/resend',
        init: { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body },
        mayChange: signing === 'genuine',
      };
    },
  };
  const reads: Array<[string, (r: SeededRandom) => string]> = [
    ['GET /', () => '/'],
    ['GET /subscribe', () => '/subscribe'],
    ['GET /check-your-inbox', () => '/check-your-inbox'],
    ['GET /healthz', () => '/healthz'],
    ['GET /assets/site.css', () => '/assets/site.css'],
    ['GET /archive', () => '/archive'],
    ['GET /archive/:week', (r) => `/archive/${r.pick(['2026-W02', '2026-W99', inUrl(junk(r))])}`],
    ['GET /feed.xml', () => '/feed.xml'],
  ];
  for (const [route, path] of reads) {
    gens[route] = (r) => ({
      route,
      path: path(r),
      init: { method: r.pick(['GET', 'HEAD']) },
      mayChange: false,
    });
  }
  // Anything else: other methods, other paths, another Host.
  gens.other = (r) => {
    const path = r.pick([
      '/',
      '/subscribe',
      '/confirm',
      '/unsubscribe',
      '/webhooks/resend',
      '/api/subscribe',
      `/${inUrl(junk(r))}`,
    ]);
    if (r.chance(0.3)) {
      return {
        route: 'other',
        path: `http://${r.pick(['rebound.example', 'localhost', '127.0.0.1'])}${path}`,
        init: form({ email: r.pick(POOL) }),
        mayChange: false,
      };
    }
    return {
      route: 'other',
      path,
      init: { method: r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']), body: junk(r) },
      mayChange: false,
    };
  };
  return gens;
}

describe.each(DIALECTS)('fuzzing every route of serve on %s', (dialect) => {
  let h: ServerHarness;
  beforeAll(async () => {
    h = await serverHarness(dialect, { webhooks: true });
  });
  afterAll(async () => {
    await h.close();
  });

  /** Every row a request could touch, as one comparable value. */
  async function snapshot(): Promise<string> {
    const [subscribers, events, votes] = await Promise.all([
      h.db.selectFrom('subscribers').selectAll().orderBy('id').execute(),
      h.db
        .selectFrom('delivery_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
      h.db.selectFrom('vote_tallies').selectAll().execute(),
    ]);
    return JSON.stringify({ subscribers, events: Number(events.n), votes, sent: h.sent.length });
  }

  it(`answers ${REQUESTS} generated requests (seed ${SEED}) with no 5xx, and refused ones change no row`, async () => {
    let ids: number[] = [];
    const gens = generators(h, () => ids);
    // Every route the app has must have a generator: a new route is fuzzed from the day it exists.
    const routes = new Set(
      h.app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`),
    );
    expect([...routes].filter((route) => !(route in gens))).toEqual([]);

    const r = seededRandom(SEED);
    const names = Object.keys(gens);
    const seen = new Map<string, number>();
    const statuses = new Set<string>();
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 100 === 0) {
        const everyone = await h.subscribers.list({ limit: 1000 });
        ids = everyone.map((subscriber) => subscriber.id);
        for (const subscriber of everyone) statuses.add(subscriber.status);
        h.advance(r.int(2 * 60 * 60_000));
      }
      const generated = gens[r.pick(names)]!(r);
      seen.set(generated.route, (seen.get(generated.route) ?? 0) + 1);
      const before = generated.mayChange ? '' : await snapshot();
      const url = generated.path.startsWith('http') ? generated.path : `${PUBLIC_URL}${generated.path}`;
      const response = await h.request(url, generated.init, `198.51.100.${r.int(250)}`);
      await response.arrayBuffer();
      const label = `#${i} ${generated.init.method ?? 'GET'} ${generated.path.slice(0, 120)} (seed ${SEED})`;
      expect(response.status, label).toBeLessThan(500);
      // Compared as values, so a failure shows which row and field changed.
      if (!generated.mayChange) expect(JSON.parse(await snapshot()), label).toEqual(JSON.parse(before));
    }
    for (const route of routes)
      expect(seen.get(route) ?? 0, route).toBeGreaterThan(REQUESTS / names.length / 3);
    // The run did reach the states it means to test: people signed up, confirmed and left.
    expect([...statuses]).toEqual(expect.arrayContaining(['active', 'pending', 'unsubscribed']));
  }, 240_000);
});
