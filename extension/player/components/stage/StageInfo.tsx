import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';

const timeOf = (date: Date) => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The wall clock, for the set's timing. */
export function StageClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p class="stage-info__clock" aria-label={`Time ${timeOf(now)}`}>
      {timeOf(now)}
    </p>
  );
}

export function NextSong({ title }: { title: ReadonlySignal<string | null> }) {
  return <p class="stage-info__next">{title.value ? `Next: ${title.value}` : 'Last song'}</p>;
}
