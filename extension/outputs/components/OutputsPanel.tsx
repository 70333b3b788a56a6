import type { OutputsModel } from '../model';
import { decodeTarget, encodeTarget, labelOf } from '../routing';
import '../../player/components/buttons.css';
import './outputs.css';

/** Output device, per-track output assignment, the generated click and the default routing. */
export function OutputsPanel({ outputs }: { outputs: OutputsModel }) {
  const output = outputs.output.value;
  const song = outputs.song.value;
  const channels = outputs.channels.value;
  const step = outputs.picker.value;
  return (
    <section class="outputs" aria-labelledby="outputs-heading">
      <h3 id="outputs-heading">Outputs</h3>
      {outputs.notice.value && <p class="notice notice--error" role="alert">{outputs.notice.value}</p>}
      {output?.notice && <p class="notice" role="status">{output.notice}</p>}

      <div class="outputs__device">
        {step === 'closed' && (
          <button type="button" class="button" onClick={() => void outputs.openPicker()} disabled={output?.canChooseDevice === false}>
            Choose output device…
          </button>
        )}
        {step === 'explain' && (
          <div role="group" aria-labelledby="outputs-explain">
            <p id="outputs-explain">
              Chrome lists the audio interfaces only to pages that may use the microphone. Allow it once to choose an output; nothing is
              recorded (the microphone is closed at once). Without it the system default output plays.
            </p>
            <button type="button" class="button button--primary" onClick={() => void outputs.allowNames()}>
              Allow and list outputs
            </button>
            <button type="button" class="button" onClick={() => void outputs.skipNames()}>
              Keep the default output
            </button>
          </div>
        )}
        {step === 'list' && (
          <label>
            Output device
            <select value={output?.pendingDeviceId ?? output?.deviceId ?? ''} onChange={(e) => void outputs.chooseDevice(e.currentTarget.value)}>
              <option value="">System default</option>
              {outputs.devices.value.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {step === 'list' && outputs.devices.value.length === 0 && (
          <button type="button" class="button" onClick={() => void outputs.allowNames()}>
            Allow and list outputs
          </button>
        )}
        <p class="outputs__channels">
          {channels > 2 ? `This output has ${channels} channels: send each track to a pair or a single output.` : 'This output has two channels (left and right).'}
        </p>
      </div>

      {!song && <p>Load a song to route its tracks.</p>}
      {song && (
        <>
          <table class="outputs__tracks">
            <caption>Where each track of “{song.title}” plays {outputs.followsDefault.value ? '(the default routing)' : '(this song’s routing)'}</caption>
            <thead>
              <tr>
                <th scope="col">Track</th>
                <th scope="col">Output</th>
              </tr>
            </thead>
            <tbody>
              {outputs.rows.value.map((row) => (
                <tr key={row.id}>
                  <th scope="row" id={`route-${row.id}`}>
                    {row.name}
                  </th>
                  <td>
                    <select
                      aria-labelledby={`route-${row.id}`}
                      aria-describedby={row.fits ? undefined : `route-${row.id}-note`}
                      value={encodeTarget(row.target)}
                      onChange={(e) => {
                        const target = decodeTarget(e.currentTarget.value);
                        if (target) void outputs.setTarget(row.id, target);
                      }}
                    >
                      {!row.fits && <option value={encodeTarget(row.target)}>{labelOf(row.target)}</option>}
                      {outputs.options.value.map((t) => (
                        <option key={encodeTarget(t)} value={encodeTarget(t)}>
                          {labelOf(t)}
                        </option>
                      ))}
                    </select>
                    {!row.fits && (
                      <span id={`route-${row.id}-note`} class="outputs__note">
                        {' '}
                        not on this device: plays on the mains
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* A toggle button, not a checkbox: Space is the player's play/pause key, Enter toggles this. */}
          <button
            type="button"
            class="button"
            aria-pressed={outputs.routing.value.generatedClick && outputs.canGenerateClick.value}
            disabled={!outputs.canGenerateClick.value}
            aria-describedby="outputs-click-help"
            onClick={() => void outputs.setGeneratedClick(!outputs.routing.value.generatedClick)}
          >
            Generated click: {outputs.routing.value.generatedClick && outputs.canGenerateClick.value ? 'on' : 'off'}
          </button>
          <p id="outputs-click-help" class="outputs__help">
            {outputs.canGenerateClick.value
              ? 'A click track from the song’s BPM and time signature, count-in included, with its own fader; route it like any track.'
              : 'Needs a BPM, and only for songs without a click stem.'}
          </p>
          {output?.pendingRouting && <p role="status">The generated click changes at the next pause or stop, so the song is not cut.</p>}
          {channels <= 2 && (
            <p>
              <button type="button" class="button" onClick={() => void outputs.twoChannelSplit()}>
                Click and guide left, band right
              </button>{' '}
              The classic two-channel split: click and guide summed on the left for the in-ears, the band summed on the right.
            </p>
          )}
          <p>
            <button type="button" class="button" onClick={() => void outputs.saveAsDefault()}>
              Save as default routing
            </button>{' '}
            <button type="button" class="button" disabled={outputs.followsDefault.value} onClick={() => void outputs.useDefault()}>
              Use the default routing for this song
            </button>
          </p>
        </>
      )}
    </section>
  );
}
