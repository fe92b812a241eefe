import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

describe('SECURITY.md', () => {
  it('says what the server protects, what it assumes, and how to report a problem', async () => {
    const text = await readFile(new URL('../../SECURITY.md', import.meta.url), 'utf8');
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual([
      'What `verdicts serve` protects',
      'What it assumes',
      'What was looked at and left as it is',
      'Reporting a problem',
    ]);
    const assumes = text.slice(text.indexOf('## What it assumes'), text.indexOf('## What was looked at'));
    expect(assumes).toContain('TLS is done by a reverse proxy');
    expect(assumes).toContain('`SECRET` is secret');
    expect(text).toContain('Report a vulnerability');
  });
});
