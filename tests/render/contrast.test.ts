import { describe, expect, it } from 'vitest';
import { dark, light, type Palette, textPairs, verdictColors } from '../../templates/digest/styles.ts';

/** WCAG 2.x relative luminance of a #rgb or #rrggbb colour. */
function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

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
