import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { formatTime } from '../player/components/transport/time';
import type { MarkerRecord } from '../sections/store';
import { columnRange, WAVEFORM_BUCKETS, type Peaks } from './peaks';
import './waveform.css';

interface Props {
  name: string;
  /** Absent while the overview of an older track is being made. */
  peaks: Peaks | undefined;
  failed: boolean;
  colour: string | undefined;
  /** The track's own length and the song's (the overview spans the song; a shorter track ends early). */
  trackSec: number;
  songSec: number;
  markers: readonly MarkerRecord[];
  position: ReadonlySignal<number>;
  onSeek: (seconds: number) => void;
}

const WIDTH = WAVEFORM_BUCKETS;
const HEIGHT = 64;
/** Like the seek bar: the arrows move a second, Page Up/Down ten. */
const STEPS: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 };

function draw(canvas: HTMLCanvasElement, peaks: Peaks, fraction: number, colour: string): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  g.clearRect(0, 0, WIDTH, HEIGHT);
  g.fillStyle = colour;
  const width = Math.max(1, Math.round(WIDTH * fraction));
  const mid = HEIGHT / 2;
  for (let x = 0; x < width; x++) {
    const [lo, hi] = columnRange(peaks, x, width);
    // At least a pixel, so silence still shows the track's extent.
    const top = Math.floor(mid - hi * mid);
    g.fillRect(x, top, 1, Math.max(1, Math.ceil(mid - lo * mid) - top));
  }
}

/**
 * One track's overview across the song: its peaks, the section markers and the play head. A click
 * seeks there; focused, it is a slider the arrows move like the seek bar.
 */
export function Waveform({ name, peaks, failed, colour, trackSec, songSec, markers, position, onSeek }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el || !peaks) return;
    const fill = colour || getComputedStyle(el).getPropertyValue('--ok').trim() || '#3ddc84';
    draw(el, peaks, songSec > 0 ? Math.min(1, trackSec / songSec) : 1, fill);
  }, [peaks, colour, trackSec, songSec]);

  const pos = position.value;
  const total = Math.max(songSec, 0.1);
  const seekTo = (seconds: number) => onSeek(Math.max(0, Math.min(songSec, seconds)));
  const onKeyDown = (event: KeyboardEvent) => {
    const step = STEPS[event.key];
    const target = step !== undefined ? pos + step : event.key === 'Home' ? 0 : event.key === 'End' ? songSec : null;
    if (target === null || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    seekTo(target);
  };
  const onClick = (event: MouseEvent) => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    seekTo(((event.clientX - rect.left) / rect.width) * songSec);
  };

  return (
    <div
      class="waveform"
      role="slider"
      tabIndex={0}
      aria-label={`${name} waveform: position`}
      aria-valuemin={0}
      aria-valuemax={Math.round(total)}
      aria-valuenow={Math.round(pos)}
      aria-valuetext={`${formatTime(pos)} of ${formatTime(total)}`}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      <canvas ref={canvas} class="waveform__canvas" width={WIDTH} height={HEIGHT} />
      {!peaks && <span class="waveform__status">{failed ? 'No waveform' : 'Drawing waveform…'}</span>}
      {markers.map((m) => (
        <span key={m.id} class="waveform__marker" style={{ left: `${(m.time / total) * 100}%` }} title={m.name} aria-hidden="true" />
      ))}
      <span class="waveform__playhead" style={{ left: `${Math.min(100, (pos / total) * 100)}%` }} aria-hidden="true" />
    </div>
  );
}
