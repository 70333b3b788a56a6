import type { AccountModel } from '../model';

/** The device_limit (409) answer: pick a device to sign out so this one can sign in. */
export function DeviceLimitChooser({ account }: { account: AccountModel }) {
  const choice = account.deviceLimit.value;
  if (!choice) return null;
  return (
    <div class="account-device-limit" role="group" aria-labelledby="device-limit-heading">
      <h3 id="device-limit-heading">Choose a device to sign out</h3>
      <p>{account.error.value?.message}</p>
      <ul class="account-list">
        {choice.devices.map((d) => (
          <li key={d.id}>
            <span>
              {d.name} <small>(last used {new Date(d.lastSeenAt).toLocaleString()})</small>
            </span>
            <button type="button" class="button button--small" onClick={() => void account.replaceDevice(d.id)}>
              Sign out {d.name} and sign in here
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="button" onClick={account.cancelDeviceChoice}>
        Cancel
      </button>
    </div>
  );
}
