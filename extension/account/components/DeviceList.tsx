import type { AccountModel } from '../model';

/** The account's signed-in devices; any other one can be signed out from here. */
export function DeviceList({ account }: { account: AccountModel }) {
  const devices = account.devices.value;
  if (!devices) return null;
  return (
    <div aria-labelledby="devices-heading">
      <h3 id="devices-heading">Devices</h3>
      <ul class="account-list">
        {devices.map((d) => (
          <li key={d.id}>
            <span>
              {d.name}
              {d.current ? ' (this device)' : ''}
            </span>
            {!d.current && (
              <button type="button" class="button button--small" aria-label={`Sign out ${d.name}`} onClick={() => void account.signOutDevice(d.id)}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
