import { describe, expect, it } from 'vitest';
import { memoizedScan } from '../../src/preview/memoized-scan.ts';

describe('memoizedScan', () => {
  it('scans each HTML once while it is among the 32 most recently checked', () => {
    const scanned: string[] = [];
    const scan = memoizedScan((html) => {
      scanned.push(html);
      return [{ feature: `feature of ${html}`, clients: ['gmail.ios'] }];
    });
    expect(scan('a')).toEqual([{ feature: 'feature of a', clients: ['gmail.ios'] }]);
    expect(scan('a')).toEqual([{ feature: 'feature of a', clients: ['gmail.ios'] }]);
    expect(scanned).toEqual(['a']);
    for (let i = 0; i < 31; i++) scan(`page ${i}`);
    scan('a');
    scan('page 31');
    // "a" was used again, so the oldest page, not "a", made room for page 31.
    expect(scanned.filter((html) => html === 'a')).toHaveLength(1);
    scan('page 0');
    expect(scanned.filter((html) => html === 'page 0')).toHaveLength(2);
  });
});
