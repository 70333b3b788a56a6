import type { Player } from '../../setup';
import { SettingsPanel } from '../../../shortcuts/components/SettingsPanel';
import { StageSettingsPanel } from '../../../stage-settings/components/StageSettingsPanel';
import { MidiPanel } from '../../../midi/components/MidiPanel';
import { OutputsPanel } from '../../../outputs/components/OutputsPanel';
import { ViewPanel } from './ViewPanel';

/** Shortcuts, stage lock, MIDI and pedals, audio outputs and routing, and the stage view's look. */
export function SettingsView({ player, active }: { player: Player; active: boolean }) {
  if (player.editingHidden.value) return null;
  return (
    <ViewPanel id="settings" active={active}>
      <SettingsPanel shortcuts={player.shortcuts} openChromeShortcuts={player.openChromeShortcuts} />
      <MidiPanel midi={player.midi} shortcuts={player.shortcuts} pedalTest={player.pedalTest} song={player.model.live.song} />
      <OutputsPanel outputs={player.outputs} />
      <StageSettingsPanel stage={player.stage} />
    </ViewPanel>
  );
}
