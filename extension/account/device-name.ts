/** A readable default name for this device, e.g. "Chrome on Linux"; the user can change it. */
export function defaultDeviceName(nav: { userAgent: string; userAgentData?: { platform?: string; brands?: { brand: string }[] } }): string {
  const brands = nav.userAgentData?.brands?.map((b) => b.brand) ?? [];
  const browser =
    ['Microsoft Edge', 'Opera', 'Brave', 'Google Chrome', 'Chromium'].find((b) => brands.includes(b)) ??
    (/Edg\//.test(nav.userAgent) ? 'Microsoft Edge' : /Firefox\//.test(nav.userAgent) ? 'Firefox' : 'Chrome');
  const platform = nav.userAgentData?.platform || platformFromAgent(nav.userAgent);
  const name = browser === 'Google Chrome' ? 'Chrome' : browser;
  return platform ? `${name} on ${platform}` : name;
}

function platformFromAgent(agent: string): string {
  if (/Windows/.test(agent)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(agent)) return 'macOS';
  if (/CrOS/.test(agent)) return 'ChromeOS';
  if (/Android/.test(agent)) return 'Android';
  if (/Linux/.test(agent)) return 'Linux';
  return '';
}
