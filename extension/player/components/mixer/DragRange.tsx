import { useRef } from 'preact/hooks';

interface Props {
  class: string;
  label: string;
  valueText: string;
  min: number;
  max: number;
  step: number;
  value: number;
  onChange: (value: number) => void;
  /** Double-click: back to the control's home (unity gain, centre pan). */
  onReset: () => void;
}

/** Movement below this is a click, not a drag: a click never moves the control. */
const CLICK_SLOP_PX = 3;

/**
 * A range input that moves like a desk fader: a press anywhere on it grabs the cap where it is,
 * and only the drag moves it, by the distance dragged (Shift: ten times finer). The browser's own
 * slider jumps the cap to the pressed point, so a stray click on a fader jumped the level.
 * Keys work as on any slider (arrows, Page Up/Down, Home/End).
 */
export function DragRange({ class: className, label, valueText, min, max, step, value, onChange, onReset }: Props) {
  const drag = useRef<{ pointerId: number; x: number; from: number; moved: boolean } | null>(null);

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const input = event.currentTarget as HTMLInputElement;
    // Stops the browser's jump-to-click; focus and capture are then ours to take.
    event.preventDefault();
    input.focus();
    input.setPointerCapture(event.pointerId);
    drag.current = { pointerId: event.pointerId, x: event.clientX, from: value, moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const dx = event.clientX - d.x;
    if (!d.moved && Math.abs(dx) < CLICK_SLOP_PX) return;
    d.moved = true;
    const width = (event.currentTarget as HTMLElement).getBoundingClientRect().width || 1;
    const raw = d.from + (dx * (max - min)) / width / (event.shiftKey ? 10 : 1);
    const next = Math.max(min, Math.min(max, Math.round(raw / step) * step));
    if (next !== value) onChange(next);
  };
  const onPointerEnd = (event: PointerEvent) => {
    if (drag.current?.pointerId === event.pointerId) drag.current = null;
  };

  return (
    <input
      class={className}
      type="range"
      aria-label={label}
      aria-valuetext={valueText}
      min={min}
      max={max}
      step={step}
      value={value}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onInput={(e) => onChange(Number(e.currentTarget.value))}
      onDblClick={onReset}
    />
  );
}
