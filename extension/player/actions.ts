import { SEEK_STEP_SEC, type ShortcutAction } from '../shortcuts/actions';
import type { EngineModel } from './engine-model';

type Engine = Pick<EngineModel, 'transport' | 'seek' | 'position' | 'duration'>;
/** Section shortcuts (markers and loops), when the player has them. */
type Sections = { addMarker: () => Promise<unknown>; toggleLoop: () => Promise<unknown> };

/** What each in-player shortcut asks of the engine (which holds all playback state). */
export function createShortcutRunner(engine: Engine, sections?: Sections): (action: ShortcutAction) => Promise<unknown> {
  const seekBy = (deltaSec: number) => engine.seek(Math.min(Math.max(0, engine.position.value + deltaSec), engine.duration.value));
  return (action) => {
    switch (action) {
      case 'restart':
        return engine.seek(0);
      case 'seek-back':
        return seekBy(-SEEK_STEP_SEC);
      case 'seek-forward':
        return seekBy(SEEK_STEP_SEC);
      case 'add-marker':
        return sections ? sections.addMarker() : Promise.resolve();
      case 'loop':
        return sections ? sections.toggleLoop() : Promise.resolve();
      default:
        return engine.transport(action);
    }
  };
}
