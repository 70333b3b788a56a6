import { useState } from 'preact/hooks';
import type { AccountModel } from '../model';
import { Field } from './Field';

type Mode = 'sign-in' | 'register' | 'forgot';

/** Sign in, create an account, or ask for a password reset link. */
export function SignInForm({ account }: { account: AccountModel }) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const error = account.error.value;
  const busy = account.busy.value !== null;

  function submit(e: Event) {
    e.preventDefault();
    if (mode === 'sign-in') void account.login(email, password);
    else if (mode === 'register') void account.register(email, password, displayName).then((r) => r?.ok && setMode('sign-in'));
    else void account.forgotPassword(email);
  }

  const title = { 'sign-in': 'Sign in', register: 'Create an account', forgot: 'Reset your password' }[mode];
  return (
    <form class="account-form" onSubmit={submit} aria-labelledby="account-form-heading">
      <h3 id="account-form-heading">{title}</h3>
      <Field id="account-email" label="Email" field="email" type="email" autocomplete="email" value={email} onInput={setEmail} error={error} />
      {mode !== 'forgot' && (
        <Field
          id="account-password"
          label="Password"
          field="password"
          type="password"
          autocomplete={mode === 'register' ? 'new-password' : 'current-password'}
          value={password}
          onInput={setPassword}
          error={error}
        />
      )}
      {mode === 'register' && (
        <Field id="account-name" label="Your name (optional)" field="displayName" autocomplete="name" value={displayName} onInput={setDisplayName} error={error} />
      )}
      <div class="account-actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {mode === 'sign-in' ? 'Sign in' : mode === 'register' ? 'Create account' : 'Send reset link'}
        </button>
        {mode !== 'sign-in' && (
          <button type="button" class="button" onClick={() => setMode('sign-in')}>
            Back to sign in
          </button>
        )}
        {mode === 'sign-in' && (
          <>
            <button type="button" class="button" onClick={() => setMode('register')}>
              Create an account
            </button>
            <button type="button" class="button" onClick={() => setMode('forgot')}>
              Forgot password?
            </button>
          </>
        )}
      </div>
    </form>
  );
}
