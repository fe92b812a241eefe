import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../src/subscribers/email-address.ts';

describe('normalizeEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada.Lovelace@Example.COM\t', 'ada.lovelace@example.com'],
    ['first+tag@mail.example.co.uk', 'first+tag@mail.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['x@a-b.example', 'x@a-b.example'],
    ['user@bücher.example', 'user@xn--bcher-kva.example'],
    [`${'l'.repeat(64)}@example.com`, `${'l'.repeat(64)}@example.com`],
  ])('accepts %j as %j', (input, email) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['ada', 'is not an email address'],
    ['@example.com', 'is not an email address'],
    ['ada@', 'is not an email address'],
    ['.ada@example.com', 'is not an email address'],
    ['a..b@example.com', 'is not an email address'],
    ['"ada"@example.com', 'is not an email address'],
    ['ada@b@example.com', 'contains more than one @'],
    ['ada lovelace@example.com', 'contains a space'],
    ['ada@example.com\r\nBcc: victim@example.com', 'contains a line break or control character'],
    ['ada\u0000@example.com', 'contains a line break or control character'],
    ['ada@localhost', 'has an invalid domain "localhost"'],
    ['ada@-example.com', 'has an invalid domain "-example.com"'],
    ['ada@example-.com', 'has an invalid domain "example-.com"'],
    ['ada@exa_mple.com', 'has an invalid domain "exa_mple.com"'],
    ['ada@example..com', 'has an invalid domain "example..com"'],
    ['ada@example.com.', 'has an invalid domain "example.com."'],
    ['ada@192.168.0.1', 'has an invalid domain "192.168.0.1"'],
    [`${'l'.repeat(65)}@example.com`, 'has a part before the @ longer than 64 characters'],
    [`ada@${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.com`, 'is longer than 254 characters'],
    [`ada@${'d'.repeat(64)}.com`, `has an invalid domain "${'d'.repeat(64)}.com"`],
  ])('rejects %j: %s', (input, reason) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, reason });
  });
});
