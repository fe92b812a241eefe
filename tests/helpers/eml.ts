/** Just enough RFC 5322/MIME reading for tests: unfolded headers and the decoded text/plain part. */
export function header(eml: string, name: string): string | undefined {
  const head = eml.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The text/plain part, with its transfer encoding (quoted-printable, base64 or none) undone. */
export function textPart(eml: string): string {
  return bodyPart(eml, 'plain');
}

/** The text/html part, decoded the same way. */
export function htmlPart(eml: string): string {
  return bodyPart(eml, 'html');
}

function bodyPart(eml: string, subtype: 'plain' | 'html'): string {
  // Split on the message's own boundary: a body line may start with "--" too (the text part's rules).
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(
    eml.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' '),
  )?.[1];
  const delimiter = boundary
    ? new RegExp(`\\r?\\n--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?\\r?\\n`)
    : /\r?\n--[^\r\n]+\r?\n/;
  const parts = eml.split(delimiter);
  const type = new RegExp(`^content-type:\\s*text\\/${subtype}`, 'im');
  const part = parts.find((p) => type.test(p.split(/\r?\n\r?\n/)[0] ?? ''));
  if (!part) throw new Error(`no text/${subtype} part`);
  const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
