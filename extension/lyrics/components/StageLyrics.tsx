import type { ReadonlySignal } from '@preact/signals';
import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { LyricsCursor } from '../model';
import type { LyricLine } from '../store';
import './lyrics.css';

interface Props {
  lines: ReadonlySignal<LyricLine[]>;
  current: LyricsCursor;
}

/**
 * The current line word by word, the sung word marked. Only this component reads the word
 * signal, so a new word re-renders one line, not the whole list.
 */
function CurrentWords({ line, current }: { line: LyricLine; current: LyricsCursor }) {
  if (!line.words || !current.wordsShown.value) return <>{line.text || '\u00a0'}</>;
  const at = current.word.value;
  return (
    <>
      {line.words.map((w, i) => {
        const word = w.text.trim();
        // Spacing as written: a word may end with its space, or be a syllable of the next one.
        return (
          <Fragment key={i}>
            {i > 0 && /^\s/.test(w.text) ? ' ' : ''}
            {word &&
              (i === at ? (
                <mark class="stage-lyrics__word stage-lyrics__word--current">{word}</mark>
              ) : (
                <span class="stage-lyrics__word">{word}</span>
              ))}
            {/\s$/.test(w.text) ? ' ' : ''}
          </Fragment>
        );
      })}
    </>
  );
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
      {lines.value.map((line, i) =>
        i === index ? (
          <li key={i} class="stage-lyrics__line stage-lyrics__line--current" aria-current="true">
            <CurrentWords line={line} current={current} />
          </li>
        ) : (
          <li key={i} class="stage-lyrics__line">
            {line.text || '\u00a0'}
          </li>
        ),
      )}
    </ol>
  );
}
