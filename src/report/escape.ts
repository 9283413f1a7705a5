// Escaping for the markup formats: text from the YAML or a PBX (names, keys, values, error
// messages) must read as itself and never as markup.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);

// Backslash-escaped, these cannot open emphasis, code, links, HTML, strikethrough or math,
// nor end a table cell (GFM reads `\|` as a literal pipe, and `\\` as a literal backslash).
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&|~$]/g;

/** text for Markdown inline content (a paragraph, list item or table cell), on one line */
export const mdEscape = (text: string) => text.replace(/\r\n|\r|\n/g, ' ').replace(MARKDOWN_SPECIAL, '\\$&');

/** a literal value as code, safe in a table cell whatever backticks or pipes it holds */
export const mdCode = (text: string) => `<code>${mdEscape(text)}</code>`;
