import { describe, expect, it } from 'vitest';
import type { IssueNote } from '../../src/content/types.ts';
import { checkCompatibility, scanCompatibility } from '../../src/gate/compatibility.ts';
import { checkContrast } from '../../src/gate/contrast.ts';
import { checkImages } from '../../src/gate/images.ts';
import { checkLinks } from '../../src/gate/links.ts';
import { checkSize } from '../../src/gate/size.ts';
import { formatFinding } from '../../src/gate/types.ts';
import { checkUnsubscribe } from '../../src/gate/unsubscribe.ts';
import { makeComparison, makeTool } from '../helpers/content-fixtures.ts';
import { contextFor, SENDER } from '../helpers/gate-fixtures.ts';

const note: IssueNote = {
  file: 'issues/2026-W48.md',
  week: '2026-W48',
  exclude: [],
  include: [],
  intro: 'x',
};
const comparison = makeComparison('alpha-vs-beta', '2026-11-24T00:00:00.000Z', {
  tools: [
    makeTool('Alpha', { url: 'http://alpha.example', logo: 'https://alpha.example/logo.png' }),
    makeTool('Beta', { url: 'https://beta.example' }),
  ],
});

describe('size', () => {
  it('is an error above Gmail’s 102 KB clip, a warning above 90 KB, quiet below', () => {
    const sized = (kb: number) => contextFor(`<p>${'x'.repeat(kb * 1024)}</p>`, { overrides: { note } });
    const over = checkSize(sized(103));
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ rule: 'size', severity: 'error', file: 'issues/2026-W48.md' });
    expect(over[0]!.message).toMatch(
      /^the HTML is 10\d\.\d KB for the longest address, over Gmail's 102\.0 KB clipping limit/,
    );
    expect(checkSize(sized(95))[0]).toMatchObject({ severity: 'warning' });
    expect(checkSize(sized(40))).toEqual([]);
  });

  it('measures the personalized message: a long address can tip an edition over', () => {
    // 101.9 KB of body plus the wrapper is under the limit with placeholders, over it once personalized.
    const context = contextFor(`<p>${'x'.repeat(102 * 1024 - 400)}</p><p>Sent to __WV_RECIPIENT_EMAIL__</p>`);
    expect(Buffer.byteLength(context.rendered.html)).toBeLessThan(102 * 1024);
    expect(checkSize(context)[0]).toMatchObject({ severity: 'error' });
  });
});

describe('links', () => {
  it('names the content file and field of a relative, empty or javascript: link', () => {
    const context = contextFor(
      '<a href="/compare/older">last week</a><a href="">empty</a><a href="javascript:alert(1)">x</a><a href="mailto:a@b.example">mail</a>',
      { overrides: { note, introHtml: '<p><a href="/compare/older">last week</a></p>' } },
    );
    const findings = checkLinks(context);
    expect(findings.map(formatFinding)).toEqual([
      'issues/2026-W48.md: intro: link "/compare/older" is not absolute: write the full address (https://…), a mail client has no page to resolve it against [links]',
      'digest template: a link has an empty address [links]',
      'digest template: link "javascript:alert(1)" uses a scheme mail clients block [links]',
    ]);
    expect(findings.every((finding) => finding.severity === 'error')).toBe(true);
  });

  it('warns about http links and points at the comparison field', () => {
    const context = contextFor(
      '<a href="http://alpha.example">Alpha</a><a href="https://beta.example">Beta</a>',
      {
        overrides: { comparisons: [comparison] },
      },
    );
    expect(checkLinks(context)).toEqual([
      {
        rule: 'links',
        severity: 'warning',
        origin: 'content',
        file: 'content/comparisons/alpha-vs-beta.md',
        field: 'tools[0].url',
        comparison: 'alpha-vs-beta',
        message: 'link "http://alpha.example" is http, not https',
      },
    ]);
  });

  it('warns once about the template’s own http links to one site (PUBLIC_URL), however many there are', () => {
    const votes = [0, 1, 2]
      .map((i) => `<a href="http://localhost:3000/vote?c=x${i}&amp;t=0&amp;v=ship">Ship it</a>`)
      .join('');
    const context = contextFor(`${votes}<a href="http://other.example/a">A</a>`);
    expect(checkLinks(context).map(formatFinding)).toEqual([
      'digest template: 3 links to http://localhost:3000 are http, not https (the first: "http://localhost:3000/vote?c=x0&t=0&v=ship"; is PUBLIC_URL https?) [links]',
      'digest template: link "http://other.example/a" is http, not https [links]',
    ]);
  });

  it('leaves the unsubscribe link to the unsubscribe rule', () => {
    const context = contextFor('<p>hi</p>', { settings: { ...SENDER, publicUrl: 'http://localhost:3000' } });
    expect(checkLinks(context)).toEqual([]);
  });
});

describe('images', () => {
  it('requires absolute https sources and alt text; empty alt is a warning', () => {
    const context = contextFor(
      '<img src="http://cdn.example/a.png" alt="A chart"><img src="https://cdn.example/b.png"><img src="https://cdn.example/c.png" alt=""><img src="/d.png" alt="D">',
      { overrides: { note, introHtml: '<p><img src="http://cdn.example/a.png" alt="A chart"></p>' } },
    );
    const findings = checkImages(context).map((finding) => `${finding.severity}: ${formatFinding(finding)}`);
    expect(findings).toEqual([
      'error: issues/2026-W48.md: intro: image "http://cdn.example/a.png" must load from an absolute https URL: clients block or cannot resolve anything else [images]',
      'error: digest template: image "https://cdn.example/b.png" has no alt text: readers with images blocked see nothing [images]',
      'warning: digest template: image "https://cdn.example/c.png" has empty alt text, so it is treated as decorative [images]',
      'error: digest template: image "/d.png" must load from an absolute https URL: clients block or cannot resolve anything else [images]',
    ]);
  });

  it('traces a logo back to its tool', () => {
    const context = contextFor('<img src="https://alpha.example/logo.png">', {
      overrides: { comparisons: [comparison] },
    });
    expect(checkImages(context)[0]).toMatchObject({
      file: 'content/comparisons/alpha-vs-beta.md',
      field: 'tools[0].logo',
      severity: 'error',
    });
  });
});

describe('unsubscribe', () => {
  it('passes with the link in both versions and both RFC 8058 headers over https', () => {
    expect(checkUnsubscribe(contextFor('<p>hi</p>'))).toEqual([]);
  });

  it('is an error when the link or a header is missing', () => {
    const context = contextFor('<p>hi</p>');
    context.rendered.html = context.rendered.html.replace(/<a href="[^"]*">Unsubscribe<\/a>/, '');
    context.rendered.text = 'no link\n';
    delete context.sample.headers['List-Unsubscribe-Post'];
    context.sample.headers['List-Unsubscribe'] = '<mailto:out@example.com>';
    expect(checkUnsubscribe(context).map((finding) => finding.message)).toEqual([
      'the HTML has no unsubscribe link',
      'the plain-text version has no unsubscribe link',
      'the List-Unsubscribe header "<mailto:out@example.com>" has no http(s) link in angle brackets',
      'the List-Unsubscribe-Post header must be "List-Unsubscribe=One-Click" (RFC 8058 one-click)',
    ]);
  });

  it('warns when the links would point at a local or plain-http address', () => {
    const findings = checkUnsubscribe(
      contextFor('<p>hi</p>', { settings: { ...SENDER, publicUrl: 'http://localhost:3000' } }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', origin: 'configuration', field: 'PUBLIC_URL' });
    expect(findings[0]!.message).toContain('http://localhost:3000, which subscribers cannot reach');
  });
});

describe('contrast', () => {
  const card = (style: string, darkCss = '') =>
    contextFor(
      `<div class="card" style="background-color:#ffffff"><p class="t" style="${style}">Readable?</p></div>`,
      {
        head: `<style>@media (prefers-color-scheme:dark){.card{background-color:#1b1c21!important}${darkCss}}</style>`,
      },
    );

  it('passes dark text on white that turns light in dark mode', () => {
    expect(checkContrast(card('color:#222', '.t{color:#f1f1f4!important}'))).toEqual([]);
  });

  it('fails pale text in light mode, naming the colours, ratio and an example', () => {
    const findings = checkContrast(card('color:#999999', '.t{color:#f1f1f4!important}'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'contrast', severity: 'error', origin: 'template' });
    expect(findings[0]!.message).toBe(
      'in light mode, text #999999 on #ffffff has a contrast of 2.85:1, below 4.5:1 (1 text)',
    );
    expect(findings[0]!.details).toEqual(['“Readable?”']);
  });

  it('fails text that stays dark when the background turns dark', () => {
    const findings = checkContrast(card('color:#222'));
    expect(findings.map((finding) => finding.message)).toEqual([
      'in dark mode, text #222222 on #1b1c21 has a contrast of 1.07:1, below 4.5:1 (1 text)',
    ]);
  });

  it('ignores hidden text and follows inheritance, bgcolor and !important', () => {
    const context = contextFor(
      '<div style="display:none;color:#eee">hidden preheader</div>' +
        '<table><tr><td bgcolor="#000000" style="color:#ffffff"><span>white on black</span></td></tr></table>' +
        '<p class="x" style="color:#eeeeee">overridden</p>',
      { head: '<style>.x{color:#111111!important}</style>' },
    );
    expect(checkContrast(context)).toEqual([]);
  });
});

describe('compatibility (caniemail)', () => {
  it('is an error for an unsupported feature the template does not list as graceful', () => {
    const context = contextFor('<div style="display:flex;gap:8px"><span>a</span><span>b</span></div>');
    const errors = checkCompatibility(context).filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.message)).toContainEqual(
      expect.stringMatching(/^`display:flex` is not supported by .*Outlook \(Windows\).* \(caniemail\)$/),
    );
    expect(errors.every((finding) => finding.origin === 'template')).toBe(true);
  });

  it('sums up listed graceful features in one warning, with the clients in the details', () => {
    const findings = checkCompatibility(contextFor('<div style="border-radius:8px">round</div>'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', origin: 'template' });
    expect(findings[0]!.details).toContainEqual(
      expect.stringMatching(/^border-radius — not in Outlook \(Windows\)/),
    );
  });

  it('reports a feature that only the intro brings against the issue note', () => {
    const scan = (html: string) =>
      html.includes('<video') ? [{ feature: '<video> element', clients: ['gmail.desktop-webmail'] }] : [];
    const context = contextFor('<video src="https://x.example/v.mp4"></video>', {
      overrides: { note, introHtml: '<video src="https://x.example/v.mp4"></video>' },
    });
    expect(checkCompatibility(context, scan)).toEqual([
      {
        rule: 'compatibility',
        severity: 'error',
        origin: 'content',
        file: 'issues/2026-W48.md',
        field: 'intro',
        message: '`<video> element` is not supported by Gmail (web) (caniemail)',
      },
    ]);
  });

  it('reads the data from the package, not a list of our own', () => {
    expect(
      scanCompatibility('<html><body><div style="position:absolute">x</div></body></html>'),
    ).toContainEqual({
      feature: 'position',
      clients: expect.arrayContaining(['outlook.windows']),
    });
  });
});
