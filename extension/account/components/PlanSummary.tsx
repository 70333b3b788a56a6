import type { AccountModel } from '../model';

const day = (unixSeconds: number) => new Date(unixSeconds * 1000).toLocaleDateString(undefined, { dateStyle: 'long' });

/** The plan, its renewal or end, warnings, and the billing actions. */
export function PlanSummary({ account }: { account: AccountModel }) {
  const view = account.plan.value;
  const claims = view.claims;
  const sync = account.sync.value;
  let when: string | null = null;
  if (claims?.periodEnd) {
    if (claims.source === 'grant') when = `Premium granted until ${day(claims.periodEnd)}.`;
    else if (claims.warning === 'cancels_at_period_end') when = `Cancelled: Premium until ${day(claims.periodEnd)}, then Free.`;
    else if (claims.plan === 'premium') when = `Renews on ${day(claims.periodEnd)}.`;
  }
  return (
    <div class="account-plan">
      <p class="account-plan__name" data-plan={view.plan}>
        Plan: <strong>{view.plan === 'premium' ? 'Premium' : 'Free'}</strong>
      </p>
      {when && <p>{when}</p>}
      {claims?.warning === 'payment_past_due' && (
        <p class="notice notice--error">Your last payment failed. Stripe is retrying your card; update it in Manage billing to keep Premium.</p>
      )}
      {account.planNotice.value && (
        <p class="notice notice--error" role="status" data-plan-notice>
          {account.planNotice.value}
        </p>
      )}
      {claims && <p class="account-muted">Works offline until {new Date(claims.exp * 1000).toLocaleString()}.</p>}
      {sync?.lastRefreshAt && <p class="account-muted">Last checked {new Date(sync.lastRefreshAt).toLocaleTimeString()}.</p>}
      {sync?.lastError && <p class="notice notice--error">{sync.lastError}</p>}
      <div class="account-actions">
        {view.plan !== 'premium' && (
          <button type="button" class="button button--primary" onClick={() => void account.upgrade()}>
            Upgrade to Premium
          </button>
        )}
        {claims?.source === 'stripe' && (
          <button type="button" class="button" onClick={() => void account.manageBilling()}>
            Manage billing
          </button>
        )}
        <button type="button" class="button" onClick={() => void account.refresh()}>
          Refresh
        </button>
      </div>
    </div>
  );
}
