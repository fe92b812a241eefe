import { textContent } from 'domutils';
import { describe, expect, it } from 'vitest';
import { contrastOf, parseColour } from '../../src/gate/colour.ts';
import {
  compileSelector,
  darkSchemeCss,
  mediaMatches,
  parseDeclarations,
  parseStyleSheets,
} from '../../src/gate/css.ts';
import { parseHtml, select, styleSheets } from '../../src/gate/html.ts';

describe('parseHtml', () => {
  it('builds a tree from React-style markup: void and self-closed tags, comments, raw style text', () => {
    const root = parseHtml(
      '<!DOCTYPE html><html><head><meta charset="utf-8"/><style>a>b{color:red}</style></head>' +
        '<body><!--$--><p class="x" data-n=3>Tom &amp; Jerry&#x27;s <b>best</b><br/>line</p><img src="a.png" alt></body></html>',
    );
    const tags = select('*', root).map((element) => element.name);
    expect(tags).toEqual(['html', 'head', 'meta', 'style', 'body', 'p', 'b', 'br', 'img']);
    const p = select('p', root)[0]!;
    expect(p.attribs).toEqual({ class: 'x', 'data-n': '3' });
    expect(textContent(p)).toBe("Tom & Jerry's bestline");
    expect(styleSheets(root)).toEqual(['a>b{color:red}']);
    const img = select('img', root)[0]!;
    expect(img.attribs).toEqual({ src: 'a.png', alt: '' });
  });

  it('survives stray and missing end tags', () => {
    const root = parseHtml('<div><span>one</div></span><p>two');
    expect(textContent(root)).toBe('onetwo');
    expect(select('*', root).map((element) => element.name)).toEqual(['div', 'span', 'p']);
  });
});

describe('CSS reader', () => {
  it('reads rules, @media blocks and !important', () => {
    const rules = parseStyleSheets([
      '/* c */ .a,.b p{color:#111;margin:0} @media (prefers-color-scheme:dark){.a{color:#eee!important}}',
    ]);
    expect(rules).toEqual([
      {
        selectors: ['.a', '.b p'],
        declarations: [
          { property: 'color', value: '#111', important: false },
          { property: 'margin', value: '0', important: false },
        ],
        media: undefined,
        order: 0,
      },
      {
        selectors: ['.a'],
        declarations: [{ property: 'color', value: '#eee', important: true }],
        media: '(prefers-color-scheme:dark)',
        order: 1,
      },
    ]);
    expect(parseDeclarations('font-family:a,"b;c";color : RED !important')).toEqual([
      { property: 'font-family', value: 'a,"b;c"', important: false },
      { property: 'color', value: 'RED', important: true },
    ]);
  });

  it('evaluates media conditions for a width and a scheme', () => {
    expect(mediaMatches('(max-width:480px)', { width: 375, scheme: 'light' })).toBe(true);
    expect(mediaMatches('(max-width:480px)', { width: 600, scheme: 'light' })).toBe(false);
    expect(mediaMatches('screen and (prefers-color-scheme: dark)', { width: 600, scheme: 'dark' })).toBe(
      true,
    );
    expect(mediaMatches('(prefers-color-scheme:dark)', { width: 600, scheme: 'light' })).toBe(false);
    expect(mediaMatches('print', { width: 600, scheme: 'light' })).toBe(false);
  });

  it('matches descendant, child, class, type and :last-child selectors', () => {
    const root = parseHtml(
      '<body class="wv-bg"><table><tbody><tr><td id="cell">x</td></tr></tbody></table><div class="wv-intro"><p>a</p><p id="last">b</p></div></body>',
    );
    const byId = (id: string) => select(`#${id}`, root)[0]!;
    const matches = (selector: string, id: string) => compileSelector(selector).matches(byId(id));
    expect(matches('.wv-bg>table>tbody>tr>td', 'cell')).toBe(true);
    expect(matches('.wv-bg>tr>td', 'cell')).toBe(false);
    expect(matches('.wv-bg td', 'cell')).toBe(true);
    expect(matches('.wv-intro p:last-child', 'last')).toBe(true);
    expect(matches('.wv-intro p:first-child', 'last')).toBe(false);
    expect(matches('p:hover', 'last')).toBe(false);
    expect(compileSelector('.wv-bg>table>tbody>tr>td').specificity).toBe(104);
    expect(compileSelector('tr>#cell.x:not(.y, #z)').specificity).toBe(20_101);
    expect(matches('tr>#cell.x:not(.y, #z)', 'cell')).toBe(false);
    expect(matches('tr>#cell:not(.y, #z)', 'cell')).toBe(true);
    expect(matches('td::before', 'cell')).toBe(false);
    expect(compileSelector('td:where(.a)').specificity).toBe(1);
  });

  it('lifts the dark-mode rules out of their media query', () => {
    expect(
      darkSchemeCss([
        '.a{color:#000}@media (prefers-color-scheme:dark){.a{color:#fff!important}.b{background-color:#111!important}}',
      ]),
    ).toBe('.a{color:#fff!important}.b{background-color:#111!important}');
  });
});

describe('colours', () => {
  it('reads hex, rgb() and names, and computes WCAG ratios', () => {
    expect(parseColour('#abc')).toEqual({ r: 170, g: 187, b: 204, a: 1 });
    expect(parseColour('rgba(0, 0, 0, 0.5)')).toEqual({ r: 0, g: 0, b: 0, a: 0.5 });
    expect(parseColour('rgb(255 255 255 / 50%)')).toEqual({ r: 255, g: 255, b: 255, a: 0.5 });
    expect(parseColour('White')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColour('var(--x)')).toBeUndefined();
    expect(contrastOf('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastOf('#777', '#fff')).toBeCloseTo(4.48, 2);
  });
});
