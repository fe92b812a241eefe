import { describe, expect, it } from 'vitest';
import { contrastOf } from '../../src/gate/colour.ts';
import { dark, light, type Palette, textPairs, verdictColors } from '../../templates/digest/styles.ts';

const contrast = contrastOf;

describe('colour contrast', () => {
  for (const [name, palette] of [
    ['light', light],
    ['dark', dark],
  ] as Array<[string, Palette]>) {
    it(`keeps every text pair at 4.5:1 or more in ${name} mode`, () => {
      const failing = textPairs
        .map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: contrast(palette[fg], palette[bg]) }))
        .filter(({ ratio }) => ratio < 4.5);
      expect(failing).toEqual([]);
    });
  }

  it('keeps the verdict badges readable', () => {
    expect(contrast(verdictColors.ship.ink, verdictColors.ship.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(verdictColors.skip.ink, verdictColors.skip.bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('computes known ratios', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#777', '#fff')).toBeCloseTo(4.48, 2);
  });
});
