import type { PedalTest } from '../pedal-test';

/** Shows what each press sends while open; nothing runs meanwhile. */
export function PedalTestView({ test }: { test: PedalTest }) {
  if (!test.open.value) {
    return (
      <button type="button" class="button" onClick={test.show}>
        Open pedal test
      </button>
    );
  }
  return (
    <section class="pedal-test" aria-labelledby="pedal-test-heading">
      <h3 id="pedal-test-heading">Pedal test</h3>
      <p class="settings__help">Press a pedal or key, or send MIDI: each press shows here with what it would run. Nothing runs while the test is open.</p>
      <button type="button" class="button button--primary" onClick={test.hide}>
        Close pedal test
      </button>
      <table class="shortcuts__table pedal-test__rows" aria-live="polite">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Sends</th>
            <th scope="col">Runs</th>
          </tr>
        </thead>
        <tbody>
          {test.rows.value.map((row) => (
            <tr key={row.id} class="pedal-test__row">
              <td>{row.source === 'key' ? 'Key' : 'MIDI'}</td>
              <td>{row.detail}</td>
              <td>{row.runs}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {test.rows.value.length === 0 && <p class="shortcuts__none">Waiting for a press…</p>}
    </section>
  );
}
