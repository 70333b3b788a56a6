/** Minimal HTML for the fake's own checkout and portal pages. */

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
  .badge { display: inline-block; font-size: .75rem; padding: .1rem .5rem; border-radius: 1rem; background: #fde68a; }
  .card { border: 1px solid #ddd; border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
  .error { color: #b91c1c; }
  button { font: inherit; padding: .5rem 1.25rem; border-radius: .375rem; border: 0; background: #635bff; color: white; cursor: pointer; }
  button.secondary { background: #e5e7eb; color: #111; }
  input { font: inherit; padding: .4rem; width: 100%; box-sizing: border-box; }
</style>
</head>
<body>
<p><span class="badge">Fake Stripe · test mode</span></p>
${body}
</body>
</html>
`;
}

export function money(amount: number | null, currency: string | null): string {
  return `${((amount ?? 0) / 100).toFixed(2)} ${(currency ?? '').toUpperCase()}`;
}

export function every(interval: string | undefined, count: number | undefined): string {
  if (!interval) return '';
  return count && count > 1 ? `every ${count} ${interval}s` : `per ${interval}`;
}

export function date(unixSeconds: number | null): string {
  return unixSeconds === null ? '' : new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** Reads an `application/x-www-form-urlencoded` form post from a page. */
export async function readForm(req: AsyncIterable<Buffer>): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
