import type { ShowFeatures } from '../../../stage-settings/show-features';
import { StageLyrics } from '../../../lyrics/components/StageLyrics';
import { NextSong, StageClock } from './StageInfo';

/** What the stage shows besides the transport, as chosen in the stage settings. */
export function StageView({ show }: { show: ShowFeatures }) {
  const { show: visible } = show.stage.settings.value;
  return (
    <>
      {(visible.nextSong || visible.clock) && (
        <div class="stage-info">
          {visible.nextSong && <NextSong title={show.nextSong} />}
          {visible.clock && <StageClock />}
        </div>
      )}
      {visible.lyrics && <StageLyrics lines={show.lyrics.lines} current={show.lyrics.current} />}
    </>
  );
}
