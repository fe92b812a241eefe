import { describe, expect, it } from 'vitest';
import { fileSystemContent } from '../../src/content/file-system-content.ts';
import { isComparisonSplit, panelShipPercent, pullQuote, reviewsOf } from '../../src/content/derive.ts';
import { loadContent } from '../../src/content/load.ts';
import { makeComparison, review } from '../helpers/content-fixtures.ts';

describe('panel ship %', () => {
  it('matches the seed: 4 of 4 ship is 100%, 3 of 4 is 75%', () => {
    const content = loadContent(fileSystemContent, 'content', { siteUrl: 'https://verdicts.example.com', timezone: 'UTC' });
    const seed = content.comparisons.find((c) => c.slug === 'cursor-background-agents-vs-smolvlm2-2b');
    expect(seed).toBeDefined();
    const [cursor, smol] = seed!.tools;
    expect(panelShipPercent(reviewsOf(seed!, cursor.name))).toBe(100);
    expect(panelShipPercent(reviewsOf(seed!, smol.name))).toBe(75);
  });

  it('rounds to a whole percent and is null without reviews', () => {
    expect(panelShipPercent([review('A', 'ship'), review('A', 'ship'), review('A', 'skip')])).toBe(67);
    expect(panelShipPercent([review('A', 'ship'), review('A', 'skip'), review('A', 'skip')])).toBe(33);
    expect(panelShipPercent([])).toBeNull();
  });
});

describe('split', () => {
  it('is split when either tool has both verdicts', () => {
    const unanimous = makeComparison('a', '2026-11-24T00:00:00.000Z', {
      reviews: [
        review('Alpha', 'ship'),
        review('Alpha', 'ship'),
        review('Beta', 'skip'),
        review('Beta', 'skip'),
      ],
    });
    const split = makeComparison('b', '2026-11-24T00:00:00.000Z', {
      reviews: [review('Alpha', 'ship'), review('Beta', 'ship'), review('Beta', 'skip')],
    });
    expect(isComparisonSplit(unanimous)).toBe(false);
    expect(isComparisonSplit(split)).toBe(true);
  });
});

describe('pull quote', () => {
  it('prefers the highlighted review over every other rule', () => {
    const reviews = [
      review('A', 'ship', 'builder'),
      review('A', 'skip', 'skeptic'),
      review('A', 'ship', 'buyer', { highlight: true }),
    ];
    expect(pullQuote(reviews)?.lens).toBe('buyer');
  });

  it('on a split tool takes the first review in the minority verdict', () => {
    const reviews = [
      review('A', 'skip', 'builder'),
      review('A', 'ship', 'skeptic'),
      review('A', 'skip', 'buyer'),
      review('A', 'ship', 'futurist'),
      review('A', 'skip', 'x'),
    ];
    expect(pullQuote(reviews)?.lens).toBe('skeptic');
    const mostlyShip = [
      review('A', 'ship', 'builder'),
      review('A', 'ship', 'skeptic'),
      review('A', 'skip', 'buyer'),
    ];
    expect(pullQuote(mostlyShip)?.lens).toBe('buyer');
  });

  it('on a tie takes the first skip', () => {
    const reviews = [
      review('A', 'ship', 'builder'),
      review('A', 'skip', 'skeptic'),
      review('A', 'ship', 'buyer'),
      review('A', 'skip', 'futurist'),
    ];
    expect(pullQuote(reviews)?.lens).toBe('skeptic');
  });

  it('otherwise takes the first review, and nothing when there are none', () => {
    expect(pullQuote([review('A', 'ship', 'futurist'), review('A', 'ship', 'builder')])?.lens).toBe(
      'futurist',
    );
    expect(pullQuote([])).toBeUndefined();
  });
});
