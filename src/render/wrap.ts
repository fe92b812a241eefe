/** Column the plain-text part is wrapped at. */
export const TEXT_WIDTH = 72;

/**
 * Greedy word wrap at TEXT_WIDTH columns, counting code points. Words longer than a line (URLs) keep a
 * line of their own rather than being broken.
 */
export function wrap(text: string, firstIndent = '', restIndent = firstIndent): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && width(candidate) > TEXT_WIDTH) {
      lines.push(line);
      line = `${restIndent}${word}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd()).join('\n');
}

function width(s: string): number {
  return Array.from(s).length;
}
