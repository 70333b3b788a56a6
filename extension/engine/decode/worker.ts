/**
 * The decode worker: opens stems, decodes, trims priming and resamples them (see StemSource)
 * and posts chunk planes to the offscreen document, which only wraps them in AudioBuffers.
 *
 * One job at a time: each step decodes one chunk of the stem next in job-order.ts (the playing
 * song's stems short of audio first, then the fewest frames ahead of the play head). So a seek
 * gets every stem's first chunk before any stem its second, and a
 * step's time is that stem's decode cost (no other stem's work overlaps it; mediabunny's small
 * packet read-ahead for a stem can run between its steps and is not counted).
 */
import { NO_FAULTS, type DecodeFaults, type FromWorker, type ToWorker } from './protocol';
import { nextJob as nextJobOf } from './job-order';
import { givePlanes } from './plane-pool';
import { StemSource } from './stem-source';
import { describe, WorkerStem } from './worker-stem';

const stems = new Map<number, WorkerStem>();
let faults: DecodeFaults = NO_FAULTS;
let running = false;
let served = 0;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  void handle(event.data);
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'open':
      try {
        const source = await StemSource.open(message.blob);
        stems.set(message.id, new WorkerStem(message.id, source, message.outRate, post, () => faults));
        post({ type: 'opened', id: message.id, inRate: source.inRate, channels: source.channels, codec: source.codec });
      } catch (error) {
        post({ type: 'open-failed', id: message.id, message: describe(error) });
      }
      return;
    case 'seek':
      stems.get(message.id)?.seek(message.generation, message.frame, message.consumed, message.ahead, message.current);
      break;
    case 'credit':
      stems.get(message.id)?.credit(message.generation, message.consumed, message.ahead, message.current);
      break;
    case 'close':
      stems.get(message.id)?.close();
      break;
    case 'faults':
      faults = message.faults;
      return;
    case 'recycle':
      givePlanes(message.buffers);
      return;
  }
  void pump();
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let stem = nextJob(); stem; stem = nextJob()) {
      stem.lastServed = ++served;
      await stem.step();
      if (stem.isClosed) stems.delete(stem.id);
      // A step can finish in microtasks alone (PCM): let seeks, credits and closes in first.
      await handleMessages();
    }
  } finally {
    running = false;
  }
}

/** A task boundary without setTimeout's 4 ms clamp on nested timers. */
const turn = new MessageChannel();
const turnWaiters: (() => void)[] = [];
turn.port1.onmessage = () => turnWaiters.shift()?.();
function handleMessages(): Promise<void> {
  return new Promise((resolve) => {
    turnWaiters.push(resolve);
    turn.port2.postMessage(null);
  });
}

const nextJob = () => nextJobOf(stems.values());
