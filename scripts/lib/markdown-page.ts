/**
 * A standalone HTML page from the small Markdown subset the store documents use (headings,
 * paragraphs, "- " lists with indented continuation lines, **bold**, `code`, [links](url) and
 * <https://autolinks>). It makes docs/store/privacy.html from privacy.md, the one source, so the
 * page whose URL the store lists cannot drift from it. Anything else is an error, not a guess.
 */

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inline(text: string): string {
  // Code spans first, so nothing inside them is formatted.
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `<code>${escape(part.slice(1, -1))}</code>`;
      return escape(part)
        .replace(/&lt;(https?:\/\/[^\s&]+)&gt;/g, '<a href="$1">$1</a>')
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
    })
    .join('');
}

export function markdownPage(markdown: string): string {
  const blocks: string[] = [];
  let title = '';
  let paragraph: string[] = [];
  let list: string[] | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list) blocks.push(`<ul>\n${list.map((item) => `  <li>${inline(item)}</li>`).join('\n')}\n</ul>`);
    paragraph = [];
    list = null;
  };
  for (const [i, line] of markdown.split('\n').entries()) {
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      if (level === 1) title = heading[2]!;
      blocks.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (line.startsWith('- ')) {
      if (paragraph.length) flush();
      (list ??= []).push(line.slice(2));
    } else if (/^ {2}\S/.test(line) && list) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else if (line.trim() === '') {
      flush();
    } else if (/^(\s|[>|*+]|\d+\.|```)/.test(line)) {
      throw new Error(`line ${i + 1}: Markdown this page maker does not handle: ${line}`);
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(title)}</title>`,
    '<style>body{font:16px/1.55 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}code{font-size:.9em}</style>',
    '</head>',
    '<body>',
    '<!-- Made from privacy.md by `npm run release` (scripts/lib/markdown-page.ts): edit the Markdown. -->',
    ...blocks,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
