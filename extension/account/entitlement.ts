import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { AccountStorage } from './storage';
import { freePlan, isDowngrade, planFromClaims, type PlanView } from './plan';
import { verifyEntitlement } from './verify';

interface EntitlementModelDeps {
  storage: Pick<AccountStorage, 'read'>;
  /** The engine plays: a downgrade waits until it stops. */
  isPlaying: ReadonlySignal<boolean>;
  now?: () => number;
}

/** setTimeout's ceiling (~24.8 days); a longer wait is re-armed on the next load. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Layer 1 in the player: the stored entitlement, verified offline whenever it changes, turned
 * into the plan every gate reads from memory. Upgrades apply at once; a downgrade, expiry or
 * sign-out that arrives while audio plays is applied when playback stops (never mid-show).
 */
export function createEntitlementModel({ storage, isPlaying, now = Date.now }: EntitlementModelDeps) {
  /** What the stored entitlement says right now. */
  const latest = signal<PlanView>(freePlan('loading'));
  /** What the gates use. */
  const applied = signal<PlanView>(latest.peek());
  const pending = computed(() => latest.value.plan !== applied.value.plan);
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let loads = 0;

  const stopHold = effect(() => {
    const next = latest.value;
    const playing = isPlaying.value;
    if (!playing || !isDowngrade(applied.peek(), next)) applied.value = next;
  });

  async function load(): Promise<void> {
    const ticket = ++loads;
    const [stored, jwks, settings] = await Promise.all([storage.read('account.entitlement'), storage.read('account.jwks'), storage.read('account.settings')]);
    let view: PlanView;
    if (!stored) view = freePlan('signed-out');
    else if (!jwks || jwks.backendUrl !== stored.backendUrl) view = freePlan('invalid');
    else {
      const verified = await verifyEntitlement(stored.token, jwks.keys, now(), settings?.deviceId ?? null);
      view = verified.ok ? planFromClaims(verified.claims) : verified.reason === 'expired' ? freePlan('expired', verified.expiredAt) : freePlan('invalid');
    }
    if (ticket !== loads) return; // a newer load started meanwhile
    latest.value = view;
    clearTimeout(expiryTimer);
    // Premium lasts until the entitlement's exp, then Free applies (at the next stop if playing).
    if (view.claims) expiryTimer = setTimeout(() => void load(), Math.min(MAX_TIMER_MS, Math.max(0, view.claims.exp * 1000 - now()) + 50));
  }

  /** Why the plan is what it is, when the user should know. */
  const notice = computed<string | null>(() => {
    if (pending.value) {
      return `Your plan changed to ${latest.value.plan === 'free' ? 'Free' : 'Premium'} (${why(latest.value)}). It applies when playback stops; the song plays on.`;
    }
    const view = applied.value;
    if (view.reason === 'expired' || view.reason === 'invalid') return `Free limits apply: ${why(view)}. Nothing in your library was removed.`;
    return null;
  });

  function dispose(): void {
    stopHold();
    clearTimeout(expiryTimer);
  }

  return { latest, applied, pending, notice, load, dispose };
}

function why(view: PlanView): string {
  switch (view.reason) {
    case 'expired':
      return `Premium could not be confirmed since ${new Date(view.expiredAt ?? 0).toLocaleString()} because this device has been offline too long; connect to the internet and press Refresh in Account`;
    case 'invalid':
      return 'the saved plan could not be verified with the server’s key; press Refresh in Account';
    case 'signed-out':
      return 'signed out';
    default:
      return view.claims?.status === 'canceled' || view.plan === 'free' ? 'the subscription ended' : 'the subscription changed';
  }
}
