import { describe, expect, it } from 'vitest';
import { parseSignup } from '../../src/subscribers/signup-input.ts';

describe('signup input', () => {
  it('normalizes the address and trims the name; an empty name is no name', () => {
    expect(parseSignup({ email: ' Ada@Example.COM ', name: '  Ada  ' })).toEqual({
      ok: true,
      value: { email: 'ada@example.com', name: 'Ada' },
      honeypot: false,
    });
    expect(parseSignup({ email: 'ada@bücher.example', name: '   ', website: '' })).toEqual({
      ok: true,
      value: { email: 'ada@xn--bcher-kva.example', name: undefined },
      honeypot: false,
    });
  });

  it('reports a filled honeypot, whatever is in it', () => {
    expect(parseSignup({ email: 'a@example.com', website: 'x' })).toMatchObject({ ok: true, honeypot: true });
    expect(parseSignup({ email: 'a@example.com', website: ['x'] })).toMatchObject({
      ok: true,
      honeypot: true,
    });
  });

  it('says what is wrong, field by field, and shortens a long value it quotes', () => {
    expect(parseSignup({})).toEqual({
      ok: false,
      issues: [{ field: 'email', message: 'Enter your email address.' }],
    });
    expect(parseSignup(null)).toEqual({
      ok: false,
      issues: [{ field: 'form', message: 'Send an object with an "email" field.' }],
    });
    const long = parseSignup({ email: `${'a'.repeat(100)}@example` });
    expect(long).toEqual({
      ok: false,
      issues: [
        {
          field: 'email',
          message: `“${'a'.repeat(57)}…” has a part before the @ longer than 64 characters.`,
        },
      ],
    });
    expect(parseSignup({ email: 'a@example.com', name: 'Ada\u2028Bcc' })).toEqual({
      ok: false,
      issues: [{ field: 'name', message: 'The name must be a single line of text.' }],
    });
    expect(parseSignup({ email: 'a@example.com', name: 7 })).toEqual({
      ok: false,
      issues: [{ field: 'name', message: 'The name must be text.' }],
    });
  });

  it('takes topics as a list or one id, and says which limit a topics value breaks', () => {
    const known = () => new Set(['speech', 'coding-agents']);
    expect(parseSignup({ email: 'a@example.com', topics: ['speech', 'speech'] }, known)).toMatchObject({
      ok: true,
      value: { topics: ['speech'] },
    });
    expect(parseSignup({ email: 'a@example.com', topics: 'speech' }, known)).toMatchObject({
      ok: true,
      value: { topics: ['speech'] },
    });
    const refused = (topics: unknown) => parseSignup({ email: 'a@example.com', topics }, known);
    expect(refused({ speech: true })).toEqual({
      ok: false,
      issues: [{ field: 'topics', message: 'Send topics as a list of topic ids.' }],
    });
    expect(refused(Array.from({ length: 101 }, (_, i) => `t${i}`))).toEqual({
      ok: false,
      issues: [{ field: 'topics', message: 'Choose at most 100 topics.' }],
    });
    expect(refused(['x'.repeat(81)])).toEqual({
      ok: false,
      issues: [{ field: 'topics', message: 'A topic id is at most 80 characters.' }],
    });
    expect(refused([7])).toEqual({
      ok: false,
      issues: [{ field: 'topics', message: 'Each topic must be a topic id.' }],
    });
  });
});
