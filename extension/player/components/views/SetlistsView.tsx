import type { Player } from '../../setup';
import { SetlistPanel } from '../../../setlists/components/SetlistPanel';
import { ViewPanel } from './ViewPanel';

/** Setlists: make, order and start them (starting one brings up the performance view). */
export function SetlistsView({ player, active }: { player: Player; active: boolean }) {
  if (player.editingHidden.value) return null;
  return (
    <ViewPanel id="setlists" active={active}>
      <SetlistPanel setlists={player.setlists} />
    </ViewPanel>
  );
}
