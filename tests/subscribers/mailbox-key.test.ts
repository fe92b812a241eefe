import { describe, expect, it } from 'vitest';
import { mailboxKey } from '../../src/subscribers/mailbox-key.ts';

describe('mailboxKey', () => {
  it('ignores +tags everywhere, and dots and googlemail.com at Gmail', () => {
    expect(mailboxKey('reader+news@example.com')).toBe('reader@example.com');
    expect(mailboxKey('reader+a+b@example.com')).toBe('reader@example.com');
    expect(mailboxKey('r.e.a.d.e.r@gmail.com')).toBe('reader@gmail.com');
    expect(mailboxKey('read.er+x@googlemail.com')).toBe('reader@gmail.com');
  });

  it('keeps what tells mailboxes apart', () => {
    expect(mailboxKey('r.eader@example.com')).toBe('r.eader@example.com');
    expect(mailboxKey('reader@example.org')).toBe('reader@example.org');
    expect(mailboxKey('+reader@example.com')).toBe('+reader@example.com');
    expect(mailboxKey('reader@mail.gmail.com')).toBe('reader@mail.gmail.com');
  });
});
