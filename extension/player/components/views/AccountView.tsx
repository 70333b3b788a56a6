import type { Player } from '../../setup';
import { AccountPanel } from '../../../account/components/AccountPanel';
import { ViewPanel } from './ViewPanel';

/** Account, plan and devices: mounted as before, off screen (hidden) unless its view is open, so never during a locked show. */
export function AccountView({ player, active }: { player: Player; active: boolean }) {
  return (
    <ViewPanel id="account" active={active}>
      <AccountPanel account={player.account} />
    </ViewPanel>
  );
}
