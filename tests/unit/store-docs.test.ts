import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config.ts';
import { markdownPage } from '../../scripts/lib/markdown-page.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const doc = (name: string) => readFileSync(join(ROOT, 'docs/store', name), 'utf8');
const manifest = config.manifest as { description: string; permissions: string[]; host_permissions: string[]; optional_host_permissions: string[] };

describe('the store listing material', () => {
  it('justifies every permission the manifest requests, and none it does not', () => {
    const rows = [...doc('permissions.md').matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!.trim()).filter((cell) => cell !== 'permission' && !cell.startsWith('---'));
    const justified = rows.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    const requested = [...manifest.permissions, ...manifest.host_permissions, ...manifest.optional_host_permissions];
    expect(justified.sort()).toEqual(requested.sort());
  });

  it('uses the manifest’s description as the summary, within the store’s 132 characters', () => {
    expect(doc('listing.md')).toContain(`> ${manifest.description}`);
    expect(manifest.description.length).toBeLessThanOrEqual(132);
  });

  it('publishes privacy.html made from privacy.md (npm run release remakes it)', () => {
    expect(doc('privacy.html')).toBe(markdownPage(doc('privacy.md')));
  });
});

describe('the privacy page maker', () => {
  it('renders headings, paragraphs, lists with continued lines, bold, code and links, escaping the rest', () => {
    const html = markdownPage('# Policy <1>\n\nOne line\nand the next & more.\n\n- **a**: `x<y>`\n  continued\n- see [b](https://b.example) or <https://c.example>\n');
    expect(html).toContain('<title>Policy &lt;1&gt;</title>');
    expect(html).toContain('<h1>Policy &lt;1&gt;</h1>');
    expect(html).toContain('<p>One line and the next &amp; more.</p>');
    expect(html).toContain('<li><strong>a</strong>: <code>x&lt;y&gt;</code> continued</li>');
    expect(html).toContain('<li>see <a href="https://b.example">b</a> or <a href="https://c.example">https://c.example</a></li>');
  });

  it('refuses Markdown it does not handle instead of printing it raw', () => {
    expect(() => markdownPage('# T\n\n| a | b |\n')).toThrow(/line 3: Markdown this page maker does not handle/);
    expect(() => markdownPage('# T\n\n1. first\n')).toThrow(/line 3/);
  });
});
