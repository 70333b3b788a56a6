import { useComputed } from '@preact/signals';
import type { Player } from '../../setup';
import { MarkerStrip } from '../../../sections/components/MarkerStrip';
import { ShowView } from '../../../setlists/components/ShowView';
import { StageLyrics } from '../../../lyrics/components/StageLyrics';
import { Mixer } from '../mixer/Mixer';
import { NowPlaying, TransportButtons } from '../transport/Transport';
import { SeekBar } from '../transport/SeekBar';
import { NextSong, StageClock } from '../stage/StageInfo';
import { EmptyStage } from './EmptyStage';
import { ViewPanel } from './ViewPanel';
import './perform.css';

/**
 * The stage screen, readable from two metres on a laptop: song and section, times and the bar
 * with its markers, the big buttons, lyrics, the setlist and a compact mixer, all on one screen.
 * The stage settings choose which of lyrics, mixer, next song and clock show.
 */
export function PerformView({ player, active }: { player: Player; active: boolean }) {
  const { model, transport, setlists, sections, stage, lyrics, library } = player;
  const { live } = model;
  const visible = stage.settings.value.show;
  const section = useComputed(() => sections.markers.value.filter((m) => m.time <= live.position.value).at(-1)?.name ?? null);
  const hasLyrics = visible.lyrics && lyrics.lines.value.length > 0;
  const inShow = setlists.show.value !== null;
  const emptyLibrary = library.loaded.value && library.songs.value.length === 0;
  return (
    <ViewPanel id="perform" active={active}>
      <div class={`perform${hasLyrics ? ' perform--lyrics' : ''}${visible.mixer ? ' perform--mixer' : ''}`}>
        <div class="perform__now" data-region="now">
          {emptyLibrary ? <EmptyStage onOpenLibrary={() => player.views.open('library')} /> : <NowPlaying live={live} nowPlaying={player.nowPlaying} section={section} />}
        </div>
        <div class="perform__progress" data-region="progress">
          <SeekBar position={live.position} duration={live.duration} disabled={!player.nowPlaying.value} onSeek={(s) => void live.seek(s)}>
            <MarkerStrip sections={sections} />
          </SeekBar>
        </div>
        <div class="perform__transport" data-region="transport">
          <TransportButtons live={live} transport={transport} />
        </div>
        {hasLyrics && (
          <div class="perform__lyrics" data-region="lyrics">
            <StageLyrics lines={lyrics.lines} current={lyrics.current} />
          </div>
        )}
        <aside class="perform__side" data-region="setlist" aria-label="Setlist and next song">
          {(visible.nextSong || visible.clock) && (
            <div class="stage-info">
              {visible.nextSong && !inShow && <NextSong title={player.nextSong} />}
              {visible.clock && <StageClock />}
            </div>
          )}
          <ShowView setlists={setlists} onStart={() => player.views.open('setlists')} />
        </aside>
        {visible.mixer && (
          <div class="perform__mixer mixer--compact" data-region="mixer">
            <Mixer live={live} tracks={player.tracks} />
          </div>
        )}
      </div>
    </ViewPanel>
  );
}
