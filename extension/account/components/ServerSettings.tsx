import { useEffect, useState } from 'preact/hooks';
import type { AccountModel } from '../model';
import { Field } from './Field';

/** The backend address (a band may run its own) and this device's name. */
export function ServerSettings({ account }: { account: AccountModel }) {
  const settings = account.settings.value;
  const [backendUrl, setBackendUrl] = useState(settings?.backendUrl ?? '');
  const [deviceName, setDeviceName] = useState(settings?.deviceName ?? '');
  useEffect(() => {
    setBackendUrl(settings?.backendUrl ?? '');
    setDeviceName(settings?.deviceName ?? '');
  }, [settings?.backendUrl, settings?.deviceName]);
  return (
    <form
      class="account-form"
      aria-labelledby="server-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void account.saveSettings({ backendUrl, deviceName });
      }}
    >
      <h3 id="server-heading">Server and device</h3>
      <Field id="account-backend" label="Server address" field="backendUrl" type="url" value={backendUrl} onInput={setBackendUrl} error={account.error.value} />
      <Field id="account-device" label="This device's name" field="deviceName" value={deviceName} onInput={setDeviceName} error={account.error.value} />
      <div class="account-actions">
        <button type="submit" class="button">
          Save server and device
        </button>
      </div>
    </form>
  );
}
