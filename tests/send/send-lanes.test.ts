import { afterEach, describe, expect, it } from 'vitest';
import { createResendTransport } from '../../src/send/resend-transport.ts';
import { sendEdition } from '../../src/send/send-edition.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ResendDouble } from '../helpers/resend-double.ts';
import { deps, editionFor, settings, storeWithSubscribers } from '../helpers/send-fixtures.ts';

const week = '2026-W48';
const API_KEY = 're_test_key';

describe.each(DIALECTS)('send lanes (concurrency) on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storeWithSubscribers>> | undefined;
  let double: ResendDouble | undefined;
  afterEach(async () => {
    await store?.close();
    await double?.stop();
    store = undefined;
    double = undefined;
  });

  it('keeps several batches in flight and still sends everyone exactly once, each batch under one key', async () => {
    store = await storeWithSubscribers(dialect, 730);
    double = new ResendDouble({ apiKey: API_KEY, latencyMs: 20 });
    const transport = createResendTransport({ apiKey: API_KEY, baseUrl: await double.start() });
    const report = await sendEdition(deps(store, transport), editionFor(week), {
      settings,
      workerId: 'host:1',
      concurrency: 3,
    });
    expect(report).toMatchObject({ sent: 730, complete: true, remaining: 0 });
    expect(double.duplicates()).toEqual([]);
    expect(double.missing(store.emails)).toEqual([]);
    expect(double.requests).toBe(8);
    expect(new Set(double.accepted.map((e) => e.idempotencyKey)).size).toBe(8);
    // A second run finds nothing to do.
    const again = await sendEdition(deps(store, transport), editionFor(week), {
      settings,
      workerId: 'host:1',
      concurrency: 3,
    });
    expect(again).toMatchObject({ sent: 0, alreadyDone: 730, complete: true });
    expect(double.accepted).toHaveLength(730);
  });
});
