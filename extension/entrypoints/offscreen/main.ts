import { Engine } from '../../engine/engine';
import { listen } from '../../messaging/listen';

// The offscreen document exists only to host the engine.
listen('offscreen', new Engine().handlers);
