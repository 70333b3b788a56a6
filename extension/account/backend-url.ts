/** `https://host[:port]` (path dropped), or null when it is not an http(s) address. */
export function backendOrigin(input: string): string | null {
  try {
    const url = new URL(input.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
