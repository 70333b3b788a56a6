import type { ReadonlySignal } from '@preact/signals';
import { StageLyrics } from '../../../lyrics/components/StageLyrics';
import type { LyricsModel } from '../../../lyrics/model';
import type { StageSettingsModel } from '../../../stage-settings/model';
import { NextSong, StageClock } from './StageInfo';

interface Props {
  stage: StageSettingsModel;
  lyrics: LyricsModel;
  nextSong: ReadonlySignal<string | null>;
}

/** What the stage shows besides the transport, as chosen in the stage settings. */
export function StageView({ stage, lyrics, nextSong }: Props) {
  const { show: visible } = stage.settings.value;
  return (
    <>
      {(visible.nextSong || visible.clock) && (
        <div class="stage-info">
          {visible.nextSong && <NextSong title={nextSong} />}
          {visible.clock && <StageClock />}
        </div>
      )}
      {visible.lyrics && <StageLyrics lines={lyrics.lines} current={lyrics.current} />}
    </>
  );
}
