import type Token from 'markdown-it/lib/token.mjs';
import { introMarkdown } from './markdown.ts';
import { wrap } from './wrap.ts';

/**
 * The editor's Markdown as plain text, from markdown-it's tokens: links become "text (url)", emphasis
 * markers go, headings lose their hashes; paragraphs are wrapped, list items keep their marker and a
 * hanging indent, quotes keep "> ", code keeps its lines.
 */
export function markdownToText(markdown: string): string {
  const tokens = introMarkdown.parse(markdown, {});
  return blocks(tokens, 0, tokens.length, '').join('\n\n');
}

/** The blocks in `tokens[from, to)`, each line starting with `indent`. */
function blocks(tokens: Token[], from: number, to: number, indent: string): string[] {
  const out: string[] = [];
  let i = from;
  while (i < to) {
    const token = tokens[i] as Token;
    const end = closing(tokens, i);
    switch (token.type) {
      case 'paragraph_open':
      case 'heading_open':
        out.push(prose(tokens[i + 1]?.children ?? [], indent));
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        out.push(list(tokens, i, end, indent));
        break;
      case 'blockquote_open':
        out.push(...blocks(tokens, i + 1, end, `${indent}> `));
        break;
      case 'fence':
      case 'code_block':
        out.push(
          token.content
            .replace(/\n$/, '')
            .split('\n')
            .map((line) => `${indent}    ${line}`.trimEnd())
            .join('\n'),
        );
        break;
      case 'hr':
        out.push(`${indent}* * *`);
        break;
      case 'table_open':
        out.push(table(tokens, i, end, indent));
        break;
    }
    i = end + 1;
  }
  return out.filter((block) => block.trim() !== '');
}

/** Index of the token that closes the one at `index` (itself for tokens that open nothing). */
function closing(tokens: Token[], index: number): number {
  const open = tokens[index] as Token;
  if (open.nesting !== 1) return index;
  let depth = 0;
  for (let i = index; i < tokens.length; i++) {
    depth += (tokens[i] as Token).nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/** One list; tight lists (no blank lines between items) stay tight. */
function list(tokens: Token[], from: number, to: number, indent: string): string {
  const open = tokens[from] as Token;
  const tight = tokens
    .slice(from, to)
    .some((token) => token.type === 'paragraph_open' && token.level === open.level + 2 && token.hidden);
  const items: string[] = [];
  for (let i = from + 1; i < to; i = closing(tokens, i) + 1) {
    const item = tokens[i] as Token;
    if (item.type !== 'list_item_open') continue;
    const marker = open.type === 'ordered_list_open' ? `${item.info}${item.markup} ` : '- ';
    const pad = `${indent}${' '.repeat(marker.length)}`;
    const body = blocks(tokens, i + 1, closing(tokens, i), pad).join(tight ? '\n' : '\n\n');
    items.push(`${indent}${marker}${body.slice(pad.length)}`);
  }
  return items.join(tight ? '\n' : '\n\n');
}

/** A table as one line per row, cells separated by " | ". */
function table(tokens: Token[], from: number, to: number, indent: string): string {
  const rows: string[][] = [];
  for (let i = from; i < to; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'tr_open') rows.push([]);
    if (token.type === 'inline') rows[rows.length - 1]?.push(inline(token.children ?? []).trim());
  }
  return rows.map((cells) => `${indent}${cells.join(' | ')}`).join('\n');
}

/** Wrapped running text; a hard line break starts a new line. */
function prose(children: Token[], indent: string): string {
  return inline(children)
    .split('\n')
    .map((line) => wrap(line, indent))
    .join('\n');
}

function inline(children: Token[]): string {
  let text = '';
  const links: Array<{ href: string; start: number; label: boolean }> = [];
  for (const token of children) {
    switch (token.type) {
      case 'text':
      case 'text_special':
      case 'code_inline':
        text += token.content;
        break;
      case 'softbreak':
        text += ' ';
        break;
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += spelledOut(token.content, token.attrGet('src') ?? '');
        break;
      case 'link_open':
        // Autolinks and bare URLs already show their address; written links get it after the label.
        links.push({ href: token.attrGet('href') ?? '', start: text.length, label: token.markup === '' });
        break;
      case 'link_close': {
        const link = links.pop();
        if (link?.label) text = text.slice(0, link.start) + spelledOut(text.slice(link.start), link.href);
        break;
      }
    }
  }
  return text;
}

function spelledOut(label: string, url: string): string {
  return label && label !== url ? `${label} (${url})` : url;
}
