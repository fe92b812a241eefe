import { describe, expect, it } from 'vitest';
import { neutralizeFormula, restoreFormula } from '../../src/subscribers/csv-formula.ts';

describe('CSV formula cells', () => {
  it('prefixes a value starting with =, +, -, @, tab or carriage return with a quote, and only those', () => {
    for (const value of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', "'=1", "''+x"]) {
      expect(neutralizeFormula(value), JSON.stringify(value)).toBe(`'${value}`);
    }
    for (const value of ['Ada', "'Tis", '1=1', 'a@b.com', '', ' =padded']) {
      expect(neutralizeFormula(value), JSON.stringify(value)).toBe(value);
    }
  });

  it('restores exactly what was neutralized, and leaves other quotes alone', () => {
    for (const value of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', "'=1", "''+x", 'Ada', "'Tis", "'"]) {
      expect(restoreFormula(neutralizeFormula(value)), JSON.stringify(value)).toBe(value);
    }
    expect(restoreFormula("'Tis")).toBe("'Tis");
  });
});
