import type { OutputStatus } from '../../shared/messages';
import { MAX_CHANNELS } from '../outputs/routing';
import type { OutputDevicePreference } from '../outputs/store';
import type { EngineLibrary } from './library';
import type { LoadedSong } from './song';

/** The parts of an AudioContext the outputs use (setSinkId is Chrome 110+, not in every typing). */
type SinkContext = BaseAudioContext & { setSinkId?: (id: string) => Promise<void>; sinkId?: string | object };

/**
 * The engine's output device and channels. The saved device is applied when the context is
 * created; a device chosen while playing waits for the next pause or stop (switching sink can
 * glitch or stall the output, and a show must not be cut). The destination is opened with every
 * channel the device has, so re-routing a track while playing never reconfigures the device.
 */
export class EngineOutputs {
  #deviceId = '';
  #pending: OutputDevicePreference | null = null;
  #notice: string | null = null;
  readonly #attached = new WeakSet<object>();

  constructor(
    private readonly library: () => EngineLibrary | undefined,
    private readonly onChange: () => void,
  ) {}

  /** A new context: its channels opened and the saved device applied (the default if it is missing). */
  async attach(context: SinkContext): Promise<void> {
    if (this.#attached.has(context)) return;
    this.#attached.add(context);
    openChannels(context);
    const saved = await this.library()?.readOutputDevice?.().catch(() => null);
    if (!saved) return;
    const ok = await this.#switch(context, saved.deviceId);
    this.#notice = ok ? null : `The saved output "${saved.label || 'device'}" is not connected: playing through the default output.`;
    this.onChange();
  }

  /** The performer chose a device: now if nothing plays, else at the next pause or stop. */
  async choose(context: SinkContext, device: OutputDevicePreference, playing: boolean, songs: (LoadedSong | null)[]): Promise<void> {
    if (playing) {
      this.#pending = device;
      this.#notice = `Switches to "${device.label || 'the default output'}" at the next pause or stop, so the song is not cut.`;
      this.onChange();
      return;
    }
    await this.#apply(context, device, songs);
  }

  /** Playback paused or stopped: a device, routing or song timing change that waited is applied. */
  async stopped(context: SinkContext | null, songs: (LoadedSong | null)[]): Promise<void> {
    // After the command has finished with the song (a stop also seeks it to the top).
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const song of songs) song?.applyPending();
    const pending = this.#pending;
    if (pending && context) await this.#apply(context, pending, songs);
  }

  /** The stored routing changed (`songId` null: the default): every loaded song it concerns re-reads it. */
  async reloadRouting(songId: string | null, songs: (LoadedSong | null)[]): Promise<void> {
    const library = this.library();
    for (const song of songs) {
      if (!song || !library?.readRouting || (songId !== null && song.view.id !== songId)) continue;
      song.applyRouting(await library.readRouting(song.view.id));
    }
    this.onChange();
  }

  view(context: SinkContext | null, current: LoadedSong | null): OutputStatus | null {
    // Test doubles of the context have no destination.
    if (!context?.destination) return null;
    return {
      deviceId: this.#deviceId,
      maxChannels: context.destination.maxChannelCount,
      channels: context.destination.channelCount,
      pendingDeviceId: this.#pending ? this.#pending.deviceId : null,
      pendingRouting: current?.pendingRouting != null,
      notice: this.#notice,
      canChooseDevice: typeof context.setSinkId === 'function',
    };
  }

  async #apply(context: SinkContext, device: OutputDevicePreference, songs: (LoadedSong | null)[]): Promise<void> {
    this.#pending = null;
    const ok = await this.#switch(context, device.deviceId);
    this.#notice = ok ? null : `"${device.label || 'The chosen output'}" could not be opened: playing through the default output.`;
    // The new device may have another channel count: stopped songs get a graph for it.
    for (const song of songs) song?.refit();
    this.onChange();
  }

  /** Sets the sink; false (and the default output) when the device cannot be opened. */
  async #switch(context: SinkContext, deviceId: string): Promise<boolean> {
    if (typeof context.setSinkId !== 'function') return deviceId === '';
    try {
      await context.setSinkId(deviceId);
      this.#deviceId = deviceId;
      openChannels(context);
      return true;
    } catch {
      if (deviceId !== '') await context.setSinkId('').catch(() => {});
      this.#deviceId = '';
      openChannels(context);
      return false;
    }
  }
}

/** Every channel the device has, unmixed (stereo devices keep the default stereo destination). */
export function openChannels(context: BaseAudioContext): void {
  const destination = context.destination;
  if (!destination) return;
  const channels = Math.min(MAX_CHANNELS, destination.maxChannelCount);
  if (channels > 2) {
    destination.channelCount = channels;
    destination.channelInterpretation = 'discrete';
  } else if (destination.channelCount > 2) {
    destination.channelCount = 2;
    destination.channelInterpretation = 'speakers';
  }
}
