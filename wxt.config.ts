import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { ACTION_ICONS, APP_ICONS, IDLE_TITLE } from './extension/background/action-state';

// The extension lives in extension/; WXT's entrypoints are in extension/entrypoints.
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  // Copied into the package as is: the icons (made from extension/icons/*.svg by `npm run icons`).
  publicDir: 'extension/public',
  vite: () => ({
    plugins: [preact()],
  }),
  // The manifest's version is package.json's (WXT's default), so `npm version` sets both.
  manifest: {
    name: 'StageTracker Pro',
    description: 'Offline multitrack stage player: stems, setlists and lyrics, driven by keyboard and pedals.',
    // chrome.runtime.getContexts (116) finds the offscreen engine and the player; chrome.offscreen
    // itself is 109. Older Chromium-family browsers are refused at install instead of staying silent.
    minimum_chrome_version: '116',
    permissions: ['offscreen', 'storage', 'unlimitedStorage', 'alarms', 'sidePanel'],
    // The account backend: the local one by default; a band's own server is asked for when set.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The popup opens the player when a click arrives before the service worker has ever run
    // (Chrome drops such a click otherwise); the worker then clears it (entrypoints/launcher).
    // The icon then follows the engine (background/action-icon.ts): idle, playing, a problem.
    icons: APP_ICONS,
    action: { default_title: IDLE_TITLE, default_popup: 'launcher.html', default_icon: ACTION_ICONS.idle },
    // The player page also works in the side panel; the toolbar click still opens a tab.
    side_panel: { default_path: 'player.html' },
    // Global (Chrome allows only Ctrl+Shift+0..9 there) so a pedal or keyboard works while
    // another window has focus. Names match the engine's transport actions.
    commands: {
      'play-pause': { suggested_key: { default: 'Ctrl+Shift+1' }, description: 'Play or pause', global: true },
      next: { suggested_key: { default: 'Ctrl+Shift+2' }, description: 'Next song', global: true },
      previous: { suggested_key: { default: 'Ctrl+Shift+3' }, description: 'Previous song', global: true },
      stop: { suggested_key: { default: 'Ctrl+Shift+4' }, description: 'Stop', global: true },
    },
  },
});
