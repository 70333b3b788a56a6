import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { LyricLine } from '../store';
import './lyrics.css';

interface Props {
  lines: ReadonlySignal<LyricLine[]>;
  current: ReadonlySignal<number>;
}

/** The stage lyrics: the current line large and highlighted, kept in the middle as the song moves. */
export function StageLyrics({ lines, current }: Props) {
  const list = useRef<HTMLOListElement>(null);
  const index = current.value;
  useEffect(() => {
    const line = list.current?.children[Math.max(0, index)] as HTMLElement | undefined;
    // Scroll only the lyrics box: scrollIntoView would also scroll the page under the performer.
    if (line && list.current) list.current.scrollTo({ top: line.offsetTop - list.current.clientHeight / 2 + line.clientHeight / 2, behavior: 'smooth' });
  }, [index]);
  if (!lines.value.length) return <p class="stage-lyrics__empty">No lyrics for this song.</p>;
  return (
    <ol ref={list} class="stage-lyrics" aria-label="Lyrics">
      {lines.value.map((line, i) => (
        <li key={i} class={i === index ? 'stage-lyrics__line stage-lyrics__line--current' : 'stage-lyrics__line'} aria-current={i === index ? 'true' : undefined}>
          {line.text || '\u00a0'}
        </li>
      ))}
    </ol>
  );
}
