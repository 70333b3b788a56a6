import { browser, type Browser } from 'wxt/browser';
import { ENGINE_EVENTS_PORT, type EngineEvent } from '../../shared/messages';
import type { Engine } from './engine';

/** ~20 meter frames a second: smooth to the eye, a few kB/s per open player. */
const METER_MS = 50;

/**
 * Serves the engine's events port: each connected player gets the status at once and on every
 * change, and meter frames while something plays (plus one more so the meters fall to silence).
 */
export function serveEngineEvents(engine: Engine): () => void {
  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== ENGINE_EVENTS_PORT) return;
    const post = (event: EngineEvent) => port.postMessage(event);
    post({ type: 'status', status: engine.status() });
    const unsubscribe = engine.subscribe((status) => post({ type: 'status', status }));
    let wasPlaying = false;
    const timer = setInterval(() => {
      const playing = engine.isPlaying;
      if (playing || wasPlaying) post({ type: 'meters', meters: engine.meters() });
      wasPlaying = playing;
    }, METER_MS);
    port.onDisconnect.addListener(() => {
      clearInterval(timer);
      unsubscribe();
    });
  };
  browser.runtime.onConnect.addListener(onConnect);
  return () => browser.runtime.onConnect.removeListener(onConnect);
}
