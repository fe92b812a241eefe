import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryEventStore } from '../../src/store/delivery-event-store.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { ResendDouble } from '../helpers/resend-double.ts';
import { runCli } from '../helpers/run-cli.ts';

const API_KEY = 're_cli_test';
const SENDER = 'Weekly Verdicts <digest@news.example.org>';

/** What an operator sees from `verdicts` when Resend refuses, and what they can do about it. */
describe('verdicts send, status and check when Resend says no', () => {
  let dir: string;
  let double: ResendDouble | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-says-no-'));
    env = {
      DATABASE_URL: join(dir, 'subscribers.db'),
      OUT_DIR: join(dir, 'out'),
      PUBLIC_URL: 'https://news.example.com',
      SECRET: 'cli-test-secret-0123456789',
    };
    const imported = await runCli(['subscribers', 'import', 'subscribers/sample.csv', '--confirmed'], env);
    expect(imported.code).toBe(0);
  });
  afterEach(async () => {
    await double?.stop();
    double = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function resend(options: ConstructorParameters<typeof ResendDouble>[0] = {}) {
    double = new ResendDouble({ apiKey: API_KEY, verifiedDomains: ['news.example.org'], ...options });
    return { ...env, RESEND_API_KEY: API_KEY, RESEND_BASE_URL: await double.start(), EMAIL_FROM: SENDER };
  }

  it('stops on a used-up quota with one line saying what to do, and the next run sends the rest once', async () => {
    // 12 subscribers, batches of 100: the whole week is one batch, refused.
    const withKey = await resend({ quota: { daily: 5 } });
    const stopped = await runCli(['send', '--week', '2026-W47'], withKey);
    expect(stopped.code).toBe(1);
    const lines = stopped.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(
      "2026-W47: Resend's daily sending quota is used up: 0 sent, 12 waiting; run `verdicts send --week 2026-W47` again after the quota resets to send the rest.",
    );
    expect(double!.requests).toBe(1);
    double!.account.nextDay();
    // The daily quota of 5 still cannot take a batch of 12: raise it, as an upgraded plan would.
    await double!.stop();
    const upgraded = await resend();
    const resumed = await runCli(['send', '--week', '2026-W47'], upgraded);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('2026-W47: sent 12, skipped 0, already sent 0, failed 0');
    expect(double!.accepted).toHaveLength(12);
  });

  it('refuses the built-in example sender with RESEND_API_KEY (exit 2), and check warns about it', async () => {
    const withKey = { ...(await resend()), EMAIL_FROM: 'Weekly Verdicts <digest@verdicts.example.com>' };
    const send = await runCli(['send', '--week', '2026-W47'], withKey);
    expect(send.code).toBe(2);
    expect(send.stderr).toContain(
      'EMAIL_FROM: Weekly Verdicts <digest@verdicts.example.com> is the built-in example sender',
    );
    expect(double!.requests).toBe(0);
    const check = await runCli(['check'], env);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('warning: EMAIL_FROM: Weekly Verdicts <digest@verdicts.example.com>');
  });

  it('holds a week after a complaint spike; status shows the hold; --override-hold sends it', async () => {
    const first = await runCli(['send', '--week', '2026-W46'], env);
    expect(first.code).toBe(0);
    // The provider reports every delivery of W46 and one complaint among 12: 8.3 %.
    const handle = await openDatabase(env.DATABASE_URL!);
    try {
      const events = createDeliveryEventStore(handle.db, () => new Date());
      const people = await handle.db.selectFrom('subscribers').select('email').orderBy('id').execute();
      for (const [i, { email }] of people.entries()) {
        for (const kind of i === 0 ? (['delivered', 'complained'] as const) : (['delivered'] as const)) {
          await events.record({
            eventId: `${kind}-${i}`,
            type: `email.${kind}`,
            providerEmailId: null,
            recipient: email,
            weekTag: '2026-W46',
            createdAt: new Date().toISOString(),
            payload: '{}',
            kind,
            detail: null,
          });
        }
      }
    } finally {
      await handle.close();
    }
    const holdEnv = { ...env, HOLD_MIN_SENT: '10' };
    const held = await runCli(['send', '--week', '2026-W47'], holdEnv);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain(
      "2026-W47 is held: 2026-W46's complaint rate is 8.33 % (1 complaints of 12 delivered), above HOLD_COMPLAINT_RATE 0.08 %",
    );
    expect(held.stdout).not.toContain('sent 12');
    const status = await runCli(['status', '--json'], holdEnv);
    expect(JSON.parse(status.stdout).hold).toMatchObject({
      week: '2026-W46',
      reason: 'complaint rate',
      threshold: 0.08,
      count: 1,
      base: 12,
    });
    const text = await runCli(['status'], holdEnv);
    expect(text.stdout).toMatch(/^HOLD: 2026-W46's complaint rate is 8\.33 %/m);
    const overridden = await runCli(['send', '--week', '2026-W47', '--override-hold'], holdEnv);
    expect(overridden.code).toBe(0);
    expect(overridden.stderr).toContain('--override-hold: sending 2026-W47 although');
    expect(overridden.stdout).toContain('2026-W47: sent 12');
    expect(JSON.parse((await runCli(['status', '--json'], env)).stdout).hold).toBeNull();
  });
});
