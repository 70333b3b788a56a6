/**
 * A page-level test double of Web MIDI, the boundary of the MIDI tests and benchmark: installed with
 * evaluateOnNewDocument before the player loads, it replaces `navigator.requestMIDIAccess` with one
 * input (fire `midimessage` on it with `__midi.fire([...])`) and one output that records every
 * `send(data, timestamp)` with the page's performance.now() at the call.
 */
import type { Page } from 'puppeteer-core';

export interface SentMidi {
  data: number[];
  timestamp: number | undefined;
  /** performance.now() in the page when send() was called. */
  at: number;
}

/** What lives at `globalThis.__midi` in the player page. */
export interface MidiDouble {
  /** requestMIDIAccess calls so far. */
  calls: number;
  sent: SentMidi[];
  fire(data: number[]): void;
}

export interface MidiDoubleOptions {
  /** requestMIDIAccess rejects, as when the user refuses the permission. */
  refuse?: boolean;
}

function install(options: MidiDoubleOptions): void {
  const port = (id: string, name: string, type: string) => Object.assign(new EventTarget(), { id, name, type, manufacturer: 'Test', state: 'connected', connection: 'open' });
  const input = port('in-1', 'Test Pedalboard', 'input');
  const sent: SentMidi[] = [];
  const output = Object.assign(port('out-1', 'Test Synth', 'output'), {
    send: (data: number[], timestamp?: number) => void sent.push({ data: [...data], timestamp, at: performance.now() }),
  });
  const access = Object.assign(new EventTarget(), { inputs: new Map([[input.id, input]]), outputs: new Map([[output.id, output]]), sysexEnabled: false });
  const double: MidiDouble = {
    calls: 0,
    sent,
    fire: (data) => void input.dispatchEvent(Object.assign(new Event('midimessage'), { data: new Uint8Array(data) })),
  };
  (globalThis as unknown as { __midi: MidiDouble }).__midi = double;
  // Chrome would remember a granted permission; the double never does, so a reopened player asks again.
  const query = Permissions.prototype.query;
  Permissions.prototype.query = function (descriptor: PermissionDescriptor) {
    return descriptor.name === ('midi' as PermissionName) ? Promise.resolve({ state: 'prompt' } as PermissionStatus) : query.call(this, descriptor);
  };
  Object.defineProperty(Navigator.prototype, 'requestMIDIAccess', {
    configurable: true,
    value: async () => {
      double.calls++;
      if (options.refuse) throw new DOMException('Permission denied', 'NotAllowedError');
      return access;
    },
  });
}

/** Installs the double in every document `page` loads from now on. */
export async function installMidiDouble(page: Page, options: MidiDoubleOptions = {}): Promise<void> {
  // tsx/esbuild keepNames wraps named functions in __name(), which pages lack.
  await page.evaluateOnNewDocument('globalThis.__name ??= (f) => f');
  await page.evaluateOnNewDocument(install, options);
}

export const fireMidi = (page: Page, data: number[]) => page.evaluate((d) => (globalThis as unknown as { __midi: MidiDouble }).__midi.fire(d), data);
export const midiSent = (page: Page) => page.evaluate(() => (globalThis as unknown as { __midi: MidiDouble }).__midi.sent);
export const midiAccessCalls = (page: Page) => page.evaluate(() => (globalThis as unknown as { __midi: MidiDouble }).__midi.calls);
