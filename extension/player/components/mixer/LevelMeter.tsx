import type { Level } from '../../../../shared/messages';

/** The meter's floor: anything quieter shows as empty. */
const FLOOR_DB = -60;

const fill = (db: number) => `${Math.round(100 * Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB)))}%`;

/** RMS bar with a peak line; the numbers are in the accessible name for screen readers. */
export function LevelMeter({ label, level }: { label: string; level: Level | undefined }) {
  const peak = level?.peakDb ?? -200;
  const rms = level?.rmsDb ?? -200;
  const text = peak <= FLOOR_DB ? 'silent' : `peak ${peak.toFixed(1)} dB, RMS ${rms.toFixed(1)} dB`;
  return (
    <div class={`meter${peak >= -0.1 ? ' meter--clip' : ''}`} role="img" aria-label={`${label} level: ${text}`} data-peak-db={peak.toFixed(1)} data-rms-db={rms.toFixed(1)}>
      <div class="meter__rms" style={{ height: fill(rms) }} />
      <div class="meter__peak" style={{ bottom: fill(peak) }} />
    </div>
  );
}
