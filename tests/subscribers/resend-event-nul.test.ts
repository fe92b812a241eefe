import { describe, expect, it } from 'vitest';
import { parseResendEvent } from '../../src/subscribers/resend-event.ts';

describe('a Resend event with a NUL in its strings', () => {
  it('is read with U+FFFD in its place, since PostgreSQL text cannot hold NUL (found by the fuzz test)', () => {
    const payload = JSON.stringify({
      type: 'email.bounced',
      data: { to: ['ada@example.com'], bounce: { type: 'Permanent', message: 'mailbox\u0000full' } },
    });
    const parsed = parseResendEvent('msg_1', payload, new Date('2026-01-05T09:00:00Z'));
    expect(parsed.ok && parsed.event.detail).toBe('Permanent: mailbox\ufffdfull');
    expect(JSON.stringify(parsed)).not.toContain('\u0000');
  });
});
