/**
 * Waiting on the audio clock. Timers run on the wall clock, the audio on the context's: when the
 * audio thread stalls (a loaded machine), the context clock stands still while timers fire on, so
 * "in 58 ms" by a timer can come before the audio it waits for has played. Seen in CI: a song's
 * graph released on a timer 58 ms after its 8 ms fade began was cut mid-level, because the audio
 * had not rendered the fade yet. These waits re-check the context clock until it has passed.
 */

/** Extra wall time per timer so one wait usually suffices (a timer fires on time or late, rarely early). */
const SLACK_MS = 5;

/**
 * Runs `fn` once `context.currentTime` has reached `at`, checked on timers. A closed context runs
 * it at once (nothing more will sound); a suspended one waits for its clock to move again.
 * Returns a function that cancels the wait.
 */
export function atContextTime(context: BaseAudioContext, at: number, fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const check = () => {
    if (cancelled) return;
    const wait = at - context.currentTime;
    if (wait > 0 && context.state !== 'closed') timer = setTimeout(check, wait * 1000 + SLACK_MS);
    else fn();
  };
  check();
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
