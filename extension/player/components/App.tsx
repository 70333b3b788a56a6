import type { PlayerModel } from '../model';
import { EmptyLibrary } from './EmptyLibrary';
import { EngineIndicator } from './EngineIndicator';
import { Transport } from './Transport';

export function App({ model }: { model: PlayerModel }) {
  return (
    <main class="stage">
      <header class="stage__header">
        <h1>StageTracker Pro</h1>
        <EngineIndicator label={model.engineLabel} tone={model.engineTone} />
      </header>
      <Transport lastAck={model.lastAck} onAction={(action) => void model.transport(action)} />
      {model.libraryEmpty.value && <EmptyLibrary />}
    </main>
  );
}
