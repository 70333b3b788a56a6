import { render } from 'preact';
import { App } from '../../player/components/App';
import { setupPlayer } from '../../player/setup';
import '../../player/stage.css';

const player = setupPlayer();
render(<App player={player} />, document.getElementById('app')!);
// Warm the engine now so the first Play does not pay for creating the offscreen document.
void player.model.connectEngine();
