import { render } from 'preact';
import { createEngineClient } from '../../engine/client';
import { sendMessage } from '../../messaging/send';
import { App } from '../../player/components/App';
import { createPlayerModel } from '../../player/model';
import '../../player/stage.css';

// Opened as a tab from the toolbar, or in the side panel.
const ensureEngine = () => sendMessage('background', 'offscreen.ensure');
const model = createPlayerModel({ engine: createEngineClient(ensureEngine), ensureEngine });

render(<App model={model} />, document.getElementById('app')!);
// Warm the engine now so the first Play does not pay for creating the offscreen document.
void model.connectEngine();
