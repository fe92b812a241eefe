import MarkdownIt from 'markdown-it';

/**
 * The parser for the editor's intro, shared by the HTML and the plain-text part so both read the same
 * Markdown the same way (links, typographic quotes). Raw HTML is off: the intro is content, and everything
 * from content is escaped.
 */
export const introMarkdown = new MarkdownIt({ html: false, linkify: true, typographer: true });
