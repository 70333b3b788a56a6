/** Minimal, accessible, high-contrast HTML shell for the backend's own pages. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · StageTracker Pro</title>
<style>
  body{font:18px/1.5 system-ui,sans-serif;background:#0b0d10;color:#f2f4f7;max-width:34rem;margin:4rem auto;padding:0 1rem}
  h1{font-size:1.6rem} a{color:#7cc4ff} .error{color:#ff9b9b} .hint{color:#b8c0cc;font-size:.9rem}
  label{display:block;margin:1rem 0} input{display:block;width:100%;font-size:1.1rem;padding:.5rem;margin-top:.3rem}
  button{font-size:1.1rem;padding:.6rem 1.2rem;background:#2f81f7;color:#fff;border:0;border-radius:6px}
  :focus-visible{outline:3px solid #ffd43b;outline-offset:2px}
</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
