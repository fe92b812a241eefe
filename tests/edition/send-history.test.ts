import { describe, expect, it } from 'vitest';
import type { Tool } from '../../src/content/types.ts';
import { lastShownBefore } from '../../src/edition/send-history.ts';
import { makeTool } from '../helpers/content-fixtures.ts';
import { memoryHistory } from '../helpers/memory-history.ts';

const W47 = { week: '2026-W47', sentAt: '2026-11-23T09:00:00.000Z' };
const W48 = { week: '2026-W48', sentAt: '2026-11-30T09:00:00.000Z' };

async function lastEntry(history: ReturnType<typeof memoryHistory>, week: string, tool: Tool) {
  const lastShown = await lastShownBefore(history, week, [tool]);
  const past = lastShown(tool);
  return past && `${past.entry} in ${past.week}`;
}

describe('what readers last saw of a tool', () => {
  it('is its most recent appearance in sending order, matched without case and surrounding spaces', async () => {
    const history = memoryHistory([
      { ...W47, facts: [{ tool: 'Claude Code', entry: '$15/mo' }] },
      { ...W48, facts: [{ tool: 'claude code ', entry: '$17/mo' }] },
    ]);
    expect(await lastEntry(history, '2026-W49', makeTool('  CLAUDE CODE'))).toBe('$17/mo in 2026-W48');
    expect(await lastEntry(history, '2026-W49', makeTool('Claude'))).toBeUndefined();
  });

  it('follows the order the weeks were sent in, not their numbers', async () => {
    // 2026-W48 went out first; 2026-W47 was sent late, after it.
    const history = memoryHistory([
      { week: '2026-W48', sentAt: '2026-11-30T09:00:00.000Z', facts: [{ tool: 'Alpha', entry: '$20/mo' }] },
      { week: '2026-W47', sentAt: '2026-12-01T09:00:00.000Z', facts: [{ tool: 'Alpha', entry: '$15/mo' }] },
    ]);
    expect(await lastEntry(history, '2026-W49', makeTool('Alpha'))).toBe('$15/mo in 2026-W47');
  });

  it('of a week already sent, only what was sent before it: its bytes do not move with later sends', async () => {
    const history = memoryHistory([
      { ...W47, facts: [{ tool: 'Alpha', entry: '$15/mo' }] },
      { ...W48, facts: [{ tool: 'Alpha', entry: '$20/mo' }] },
      { week: '2026-W49', sentAt: '2026-12-07T09:00:00.000Z', facts: [{ tool: 'Alpha', entry: '$25/mo' }] },
    ]);
    expect(await lastEntry(history, '2026-W48', makeTool('Alpha'))).toBe('$15/mo in 2026-W47');
    expect(await lastEntry(history, '2026-W47', makeTool('Alpha'))).toBeUndefined();
    expect(await lastEntry(history, '2026-W50', makeTool('Alpha'))).toBe('$25/mo in 2026-W49');
  });

  it('within one edition, is the first place the tool was shown', async () => {
    const history = memoryHistory([
      {
        ...W47,
        facts: [{ tool: 'Alpha', entry: 'first' }, { tool: 'Beta' }, { tool: 'ALPHA', entry: 'second' }],
      },
    ]);
    expect(await lastEntry(history, '2026-W48', makeTool('Alpha'))).toBe('first in 2026-W47');
  });

  it('links a renamed tool through `previously`, taking whichever name was shown last', async () => {
    const history = memoryHistory([
      { ...W47, facts: [{ tool: 'Codeium', entry: 'Free' }] },
      { ...W48, facts: [{ tool: 'Zed', entry: '$10/mo' }] },
    ]);
    const renamed = makeTool('Windsurf', { previously: 'codeium' });
    expect(await lastEntry(history, '2026-W49', renamed)).toBe('Free in 2026-W47');
    const later = memoryHistory([
      { ...W47, facts: [{ tool: 'Codeium', entry: 'Free' }] },
      { ...W48, facts: [{ tool: 'Windsurf', entry: '$15/mo' }] },
    ]);
    expect(await lastEntry(later, '2026-W49', renamed)).toBe('$15/mo in 2026-W48');
  });

  it('asks the history once, for every name and earlier name of the week’s tools', async () => {
    const history = memoryHistory([]);
    await lastShownBefore(history, '2026-W49', [
      makeTool('Beta'),
      makeTool('Alpha', { previously: 'Old Alpha' }),
      makeTool(' beta'),
    ]);
    expect(history.asked).toEqual([['alpha', 'beta', 'old alpha']]);
    await lastShownBefore(history, '2026-W49', []);
    expect(history.asked).toHaveLength(1);
  });
});
