import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../src/render/markdown-text.ts';

describe('markdownToText', () => {
  it('drops emphasis markers, even when the emphasis spans lines', () => {
    expect(markdownToText('One **bold claim\nacross lines**, _then_ `code` and \\*stars\\*.')).toBe(
      'One bold claim across lines, then code and *stars*.',
    );
  });

  it('spells out written links and images, and leaves bare addresses as they were written', () => {
    expect(
      markdownToText(
        'See [the archive](https://verdicts.example/archive "Archive"), <https://auto.example>, ' +
          'www.bare.example, me@verdicts.example and ![the logo](https://img.example/l.png).',
      ),
    ).toBe(
      'See the archive (https://verdicts.example/archive),\n' +
        'https://auto.example, www.bare.example, me@verdicts.example and the logo\n' +
        '(https://img.example/l.png).',
    );
  });

  it('reads punctuation as the HTML part shows it: entities decoded, typographic quotes', () => {
    expect(markdownToText('Tom &amp; Jerry\'s "best" -- ever')).toBe('Tom & Jerry’s “best” – ever');
  });

  it('keeps headings as lines of their own and a hard break as a new line', () => {
    expect(markdownToText('## This *week*\nFirst line\\\nsecond line')).toBe(
      'This week\n\nFirst line\nsecond line',
    );
  });

  it('lays out lists with their markers and hanging indents, nested lists indented under their item', () => {
    expect(
      markdownToText(
        '1. a first item long enough that it has to wrap past the seventy-two column limit\n' +
          '2. second\n' +
          '   - nested\n' +
          '   - another\n\n' +
          'Then:\n\n' +
          '- loose one\n\n' +
          '- loose two',
      ),
    ).toBe(
      '1. a first item long enough that it has to wrap past the seventy-two\n' +
        '   column limit\n' +
        '2. second\n' +
        '   - nested\n' +
        '   - another\n\n' +
        'Then:\n\n' +
        '- loose one\n\n' +
        '- loose two',
    );
  });

  it('keeps quotes marked, code as written, rules and tables readable', () => {
    expect(
      markdownToText(
        '> a quotation long enough to wrap somewhere after the seventy-two column limit\n\n' +
          '```\nconst x = 1;\n  indented\n```\n\n---\n\n| Tool | Price |\n|---|---|\n| A | $5 |',
      ),
    ).toBe(
      '> a quotation long enough to wrap somewhere after the seventy-two column\n' +
        '> limit\n\n' +
        '    const x = 1;\n' +
        '      indented\n\n' +
        '* * *\n\n' +
        'Tool | Price\n' +
        'A | $5',
    );
  });
});
