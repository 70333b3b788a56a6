import { describe, expect, it } from 'vitest';
import type { EngineLibrary } from './library';
import { EngineOutputs } from './outputs';

/** An AudioContext's output side: setSinkId fails for devices that are not connected. */
function fakeContext(connected: string[], maxChannelCount = 2) {
  const sinks: string[] = [];
  return {
    sinks,
    destination: { maxChannelCount, channelCount: 2, channelInterpretation: 'speakers' },
    async setSinkId(id: string) {
      if (id && !connected.includes(id)) throw new DOMException('Device not found', 'NotFoundError');
      sinks.push(id);
    },
  };
}

const libraryWith = (device: { deviceId: string; label: string } | null) => ({ readOutputDevice: async () => device }) as unknown as EngineLibrary;
const outputsWith = (device: { deviceId: string; label: string } | null) => new EngineOutputs(() => libraryWith(device), () => {});
const asContext = (c: ReturnType<typeof fakeContext>) => c as unknown as BaseAudioContext;

describe('EngineOutputs', () => {
  it('plays through the saved device when the context starts', async () => {
    const context = fakeContext(['usb-8']);
    const outputs = outputsWith({ deviceId: 'usb-8', label: 'USB 8' });
    await outputs.attach(asContext(context));
    expect(context.sinks).toEqual(['usb-8']);
    expect(outputs.view(asContext(context), null)).toMatchObject({ deviceId: 'usb-8', notice: null, canChooseDevice: true });
  });

  it('falls back to the default output, with a notice, when the saved device is missing', async () => {
    const context = fakeContext([]);
    const outputs = outputsWith({ deviceId: 'usb-8', label: 'USB 8' });
    await outputs.attach(asContext(context));
    expect(outputs.view(asContext(context), null)).toMatchObject({ deviceId: '', notice: expect.stringContaining('"USB 8" is not connected') });
  });

  it('keeps a device chosen while playing for the next pause or stop, and says so', async () => {
    const context = fakeContext(['usb-8']);
    const outputs = outputsWith(null);
    await outputs.attach(asContext(context));
    await outputs.choose(asContext(context), { deviceId: 'usb-8', label: 'USB 8' }, true, []);
    expect(context.sinks).toEqual([]);
    expect(outputs.view(asContext(context), null)).toMatchObject({ deviceId: '', pendingDeviceId: 'usb-8', notice: expect.stringContaining('next pause or stop') });
    await outputs.stopped(asContext(context), []);
    expect(context.sinks).toEqual(['usb-8']);
    expect(outputs.view(asContext(context), null)).toMatchObject({ deviceId: 'usb-8', pendingDeviceId: null, notice: null });
  });

  it('opens every channel of a multichannel interface, unmixed', async () => {
    const context = fakeContext([], 8);
    await outputsWith(null).attach(asContext(context));
    expect(context.destination).toMatchObject({ channelCount: 8, channelInterpretation: 'discrete' });
  });
});
