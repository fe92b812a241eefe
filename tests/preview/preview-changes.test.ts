import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryHistory } from '../helpers/memory-history.ts';
import { copySampleContent, previewApp } from '../helpers/preview-fixtures.ts';

type Folders = Awaited<ReturnType<typeof copySampleContent>>;
let folders: Folders;

beforeEach(async () => {
  folders = await copySampleContent();
});
afterEach(async () => {
  await folders.cleanup();
});

/** What a reader sees of a page: tags dropped, the few entities Handlebars and React emit decoded. */
function text(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/**
 * 2026-W46 went out showing Browser Use at $10/mo, 1 of 2 ship, 50% of the community; in the sample's
 * 2026-W47 it is free, 2 of 4 ship (50%), 68%. Stagehand is shown the same both times. ElevenLabs was shown
 * at $11/mo; the draft that covers it now says $5/mo.
 */
const history = () =>
  memoryHistory([
    {
      week: '2026-W46',
      sentAt: '2026-11-16T09:00:00.000Z',
      facts: [
        { tool: 'Browser Use', entry: '$10/mo', panelShip: 50, community: 50 },
        { tool: 'Stagehand', entry: 'Free', panelShip: 100, community: null },
        { tool: 'ElevenLabs Flash v2.5', entry: '$11/mo', panelShip: 50, community: 77 },
      ],
    },
  ]);

const IN_EMAIL = 'Changed since 2026-W46 Entry: $10/mo → Free Community: 50% → 68%';
const IN_PAGE = 'Browser Use since 2026-W46 Entry: $10/mo → Free Community: 50% → 68%';

describe('the preview shows what changed since a tool was last sent', () => {
  it('in the email, both parts, and beside it for the editor to confirm', async () => {
    const { app } = previewApp(folders, { history: history() });
    const page = text(await (await app.request('/week/2026-W47')).text());
    expect(page).toContain(`Since last sent ${IN_PAGE} Shown next to`);
    const html = text(await (await app.request('/week/2026-W47/email.html')).text());
    expect(html).toContain(IN_EMAIL);
    expect(html.match(/ since 2026-W/g)).toHaveLength(1);
    const plain = await (await app.request('/week/2026-W47/email.txt')).text();
    expect(plain).toContain(
      '   Changed     since 2026-W46\n               Entry: $10/mo → Free\n               Community: 50% → 68%\n',
    );
  });

  it('of a draft too, against the editions sent so far', async () => {
    const { app } = previewApp(folders, { history: history() });
    const page = text(await (await app.request('/draft/kokoro-82m-vs-elevenlabs-flash')).text());
    expect(page).toContain('Since last sent ElevenLabs Flash v2.5 since 2026-W46 Entry: $11/mo → $5/mo');
  });

  it('says so when nothing changed, and when nothing was sent', async () => {
    const sent = previewApp(folders, { history: history() });
    const w48 = text(await (await sent.app.request('/week/2026-W48')).text());
    expect(w48).toContain(
      'Since last sent No tool’s entry price, panel or community vote changed since a sent edition last showed it.',
    );
    const none = previewApp(folders);
    const w47 = await (await none.app.request('/week/2026-W47/email.html')).text();
    expect(w47).not.toContain('CHANGED');
  });
});
