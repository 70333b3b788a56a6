import type { Player } from '../../setup';
import { BackupPanel } from '../../../backup/components/BackupPanel';
import { ViewPanel } from './ViewPanel';

export function BackupView({ player, active }: { player: Player; active: boolean }) {
  if (player.editingHidden.value) return null;
  return (
    <ViewPanel id="backup" active={active}>
      <BackupPanel backup={player.backup} />
    </ViewPanel>
  );
}
