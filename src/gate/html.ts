import { selectAll } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';

export type { AnyNode, Document, Element };

/**
 * Parses rendered email HTML (or a fragment) with htmlparser2: tag and attribute names lower-cased,
 * entities decoded, `<style>` kept as raw text, stray and missing end tags forgiven as browsers do.
 */
export function parseHtml(html: string): Document {
  return parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
}

/** The elements under `root` that a CSS selector matches, in document order. */
export function select(selector: string, root: AnyNode | AnyNode[]): Element[] {
  return selectAll<AnyNode, Element>(selector, root);
}

/** The CSS of every `<style>` element, in document order. */
export function styleSheets(root: Document): string[] {
  return select('style', root).map((style) => textContent(style));
}
