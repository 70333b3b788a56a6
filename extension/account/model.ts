import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { AccountDeviceView, AccountFailure, AccountProtocol, AccountRefreshReason, AccountResult } from '../../shared/messages';
import { createEntitlementModel } from './entitlement';
import { createGates } from './gates';
import { backendOrigin } from './backend-url';
import type { AccountKey, AccountStorage, AccountStore } from './storage';

/** Sends an account message to the background (sendMessage in the extension, a fake in tests). */
export type AccountSend = <K extends keyof AccountProtocol>(
  type: K,
  ...args: Parameters<AccountProtocol[K]>
) => Promise<ReturnType<AccountProtocol[K]>>;

interface AccountModelDeps {
  send: AccountSend;
  storage: Pick<AccountStorage, 'read'>;
  /** Calls back with the account keys that changed (chrome.storage.onChanged). */
  onStorageChange: (listener: (keys: AccountKey[]) => void) => void;
  isPlaying: ReadonlySignal<boolean>;
  /** Asks for access to a self-hosted server's origin; must run inside the click. */
  requestOrigin: (origin: string) => Promise<boolean>;
  now?: () => number;
}

interface DeviceLimitChoice {
  limit: number;
  devices: AccountDeviceView[];
}

/** Focus or a return from Checkout must not hammer the server. */
const FOCUS_REFRESH_GAP_MS = 10_000;
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

/** The account panel's state and actions; the plan and gates every feature reads. */
export function createAccountModel(deps: AccountModelDeps) {
  const { send, storage, now = Date.now } = deps;
  const settings = signal<AccountStore['account.settings'] | null>(null);
  const profile = signal<AccountStore['account.profile']>(null);
  const sync = signal<AccountStore['account.sync'] | null>(null);
  const progress = signal<AccountStore['account.progress']>(null);
  const devices = signal<AccountDeviceView[] | null>(null);
  const busy = signal<string | null>(null);
  const error = signal<AccountFailure | null>(null);
  const message = signal<string | null>(null);
  const deviceLimit = signal<DeviceLimitChoice | null>(null);
  const signedIn = computed(() => profile.value !== null);

  const entitlement = createEntitlementModel({ storage, isPlaying: deps.isPlaying, now });
  /** The plan every gate answers from: one signal read. */
  const plan = entitlement.applied;
  const gates = createGates(plan);
  let pendingLogin: { email: string; password: string } | null = null;
  let lastFocusRefresh = 0;

  async function reload(keys: readonly AccountKey[]): Promise<void> {
    const read = async <K extends AccountKey>(key: K, target: { value: AccountStore[K] | null }) => {
      if (keys.includes(key)) target.value = (await storage.read(key)) ?? null;
    };
    await Promise.all([
      read('account.settings', settings),
      read('account.profile', profile),
      read('account.sync', sync),
      read('account.progress', progress),
      keys.includes('account.entitlement') || keys.includes('account.jwks') ? entitlement.load() : undefined,
    ]);
    if (keys.includes('account.profile') && !profile.value) devices.value = null;
  }

  /** Runs one user action; API failures land in `error` with their per-field messages. */
  async function act<T>(label: string, work: () => Promise<AccountResult<T>>, done?: (value: T) => string | null): Promise<AccountResult<T> | null> {
    busy.value = label;
    error.value = null;
    message.value = null;
    try {
      const result = await work();
      if (result.ok) message.value = done ? done(result.value) : null;
      else error.value = result.error;
      return result;
    } catch (thrown) {
      error.value = { status: 0, code: 'internal', message: `Something went wrong in the extension: ${thrown instanceof Error ? thrown.message : String(thrown)}` };
      return null;
    } finally {
      busy.value = null;
    }
  }

  const said = (v: { message: string }) => v.message;

  async function login(email: string, password: string, replaceDevice?: string): Promise<void> {
    const result = await act('Signing in…', () => send('account.login', { email, password, replaceDevice }), said);
    if (result && !result.ok && result.error.code === 'device_limit') {
      const details = result.error.details as { limit?: number; devices?: AccountDeviceView[] } | undefined;
      pendingLogin = { email, password };
      deviceLimit.value = { limit: details?.limit ?? 1, devices: details?.devices ?? [] };
      return;
    }
    pendingLogin = null;
    deviceLimit.value = null;
    if (result?.ok) void loadDevices();
  }

  /** The 409 path: sign the chosen device out and this one in. */
  async function replaceDevice(deviceId: string): Promise<void> {
    if (!pendingLogin) return;
    await login(pendingLogin.email, pendingLogin.password, deviceId);
  }

  function cancelDeviceChoice(): void {
    pendingLogin = null;
    deviceLimit.value = null;
  }

  async function loadDevices(): Promise<void> {
    const result = await send('account.devices').catch(() => null);
    if (result?.ok) devices.value = result.value;
  }

  async function saveSettings(input: { backendUrl: string; deviceName: string }): Promise<void> {
    const origin = backendOrigin(input.backendUrl);
    // Chrome grants an optional host permission only from inside the click: ask before any await.
    const granted = origin && !LOOPBACK.test(origin) ? deps.requestOrigin(origin) : Promise.resolve(true);
    await act('Saving…', async () => {
      if (!(await granted)) {
        return { ok: false, error: { status: 0, code: 'permission_denied', message: 'Check the server address.', fields: { backendUrl: [`The browser did not allow StageTracker Pro to reach ${origin}. Allow it to use this server.`] } } };
      }
      return send('account.settings', input);
    }, said);
  }

  return {
    settings, profile, sync, progress, devices, busy, error, message, deviceLimit, signedIn, plan, gates,
    pendingDowngrade: entitlement.pending,
    planNotice: entitlement.notice,
    latestPlan: entitlement.latest,
    /** Reads the stored account and listens for changes (the background writes them). */
    async start(): Promise<void> {
      deps.onStorageChange((keys) => void reload(keys));
      await reload(['account.settings', 'account.profile', 'account.sync', 'account.progress', 'account.entitlement']);
      void send('account.playerOpened').catch(() => {});
      if (profile.value) void loadDevices();
    },
    register: (email: string, password: string, displayName?: string) =>
      act('Creating the account…', () => send('account.register', { email, password, displayName: displayName || undefined }), said),
    login,
    replaceDevice,
    cancelDeviceChoice,
    logout: () => act('Signing out…', () => send('account.logout'), said),
    forgotPassword: (email: string) => act('Sending…', () => send('account.forgotPassword', { email }), said),
    refresh: (reason: AccountRefreshReason = 'button') =>
      act('Refreshing…', () => send('account.refresh', { reason }), said).then(() => (signedIn.value ? loadDevices() : undefined)),
    /** Window focus (e.g. back from Checkout): refresh quietly, at most every few seconds. */
    refreshOnFocus(): void {
      if (!signedIn.value || now() - lastFocusRefresh < FOCUS_REFRESH_GAP_MS) return;
      lastFocusRefresh = now();
      void send('account.refresh', { reason: 'focus' }).catch(() => {});
    },
    loadDevices,
    signOutDevice: (id: string) => act('Signing the device out…', () => send('account.signOutDevice', { id }), said).then(loadDevices),
    upgrade: (price = 'premium_monthly') =>
      act('Opening checkout…', () => send('account.checkout', { price }), () => 'Checkout opened in a new tab. Your plan refreshes when you come back.'),
    manageBilling: () => act('Opening billing…', () => send('account.portal'), () => 'Billing opened in a new tab.'),
    saveSettings,
    dispose: () => entitlement.dispose(),
  };
}

export type AccountModel = ReturnType<typeof createAccountModel>;
