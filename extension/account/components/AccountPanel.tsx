import type { AccountModel } from '../model';
import { DeviceLimitChooser } from './DeviceLimitChooser';
import { DeviceList } from './DeviceList';
import { PlanSummary } from './PlanSummary';
import { ProgressLog } from './ProgressLog';
import { ServerSettings } from './ServerSettings';
import { SignInForm } from './SignInForm';
import '../../player/components/buttons.css';
import './account.css';

/** Account, plan, devices and practice log. Nothing here is needed to play a show. */
export function AccountPanel({ account }: { account: AccountModel }) {
  const profile = account.profile.value;
  const error = account.error.value;
  return (
    <section class="account" aria-labelledby="account-heading" aria-busy={account.busy.value !== null}>
      <h2 id="account-heading">Account</h2>
      {profile && (
        <p>
          Signed in as <strong>{profile.user.email}</strong>
          {profile.device ? ` on ${profile.device.name}` : ''}.
        </p>
      )}
      <PlanSummary account={account} />
      <p class="notice notice--error" role="alert" data-account-error>
        {error && !account.deviceLimit.value ? error.message : ''}
      </p>
      <p class="notice notice--success" role="status" data-account-message>
        {account.busy.value ?? account.message.value ?? ''}
      </p>
      <DeviceLimitChooser account={account} />
      {profile ? (
        <>
          <DeviceList account={account} />
          <ProgressLog account={account} />
          <div class="account-actions">
            <button type="button" class="button button--danger" onClick={() => void account.logout()}>
              Sign out of this device
            </button>
          </div>
        </>
      ) : (
        !account.deviceLimit.value && <SignInForm account={account} />
      )}
      <ServerSettings account={account} />
    </section>
  );
}
