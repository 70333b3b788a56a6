import type { AccountModel } from '../model';

/** The practice log of every signed-in device, merged by the server per song. */
export function ProgressLog({ account }: { account: AccountModel }) {
  const songs = account.progress.value?.songs ?? [];
  return (
    <div>
      <h3 id="progress-heading">Practice log</h3>
      {songs.length === 0 ? (
        <p class="account-muted">Songs you play for more than 30 seconds appear here, from all your devices.</p>
      ) : (
        <table class="account-progress" aria-labelledby="progress-heading">
          <thead>
            <tr>
              <th scope="col">Song</th>
              <th scope="col">Plays</th>
              <th scope="col">Minutes</th>
              <th scope="col">Devices</th>
              <th scope="col">Last played</th>
            </tr>
          </thead>
          <tbody>
            {songs.map((s) => (
              <tr key={s.songKey}>
                <th scope="row">{s.artist ? `${s.title} · ${s.artist}` : s.title}</th>
                <td>{s.plays}</td>
                <td>{s.minutes.toFixed(1)}</td>
                <td>{s.devices}</td>
                <td>{new Date(s.lastPlayedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
