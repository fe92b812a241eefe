/** One entry of the feed: a sent issue. */
export interface AtomEntry {
  id: string;
  link: string;
  title: string;
  summary: string;
  updated: Date;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  link: string;
  self: string;
  rights: string;
  updated: Date;
  entries: readonly AtomEntry[];
}

// XML 1.0 allows tab, LF, CR and U+0020 upward except lone surrogates and U+FFFE/U+FFFF; anything else
// makes the whole document unreadable to a strict parser, so it becomes U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

/** Text for element content and attribute values: every markup character escaped, no CDATA. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * An Atom 1.0 document (RFC 4287). Subjects and preheaders are editors' words, so titles and summaries
 * are `type="text"`: a feed reader shows `<script>` as the characters it is, never as markup.
 */
export function atomXml(feed: AtomFeed): string {
  const entries = feed.entries.map(
    (entry) => `  <entry>
    <id>${xmlText(entry.id)}</id>
    <title type="text">${xmlText(entry.title)}</title>
    <link href="${xmlText(entry.link)}"/>
    <updated>${entry.updated.toISOString()}</updated>
    <summary type="text">${xmlText(entry.summary)}</summary>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlText(feed.id)}</id>
  <title type="text">${xmlText(feed.title)}</title>
  <subtitle type="text">${xmlText(feed.subtitle)}</subtitle>
  <link rel="alternate" type="text/html" href="${xmlText(feed.link)}"/>
  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>
  <rights type="text">${xmlText(feed.rights)}</rights>
  <updated>${feed.updated.toISOString()}</updated>
${entries.join('')}</feed>
`;
}
