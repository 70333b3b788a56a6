import type { TimelineEvent } from '../../shared/messages';

const TIMELINE_LENGTH = 200;

/**
 * The engine's last scheduling decisions on the context clock (starts, count-in clicks, segues,
 * jumps, ends). Tests and diagnostics read them through 'engine.timeline' to check timing to the
 * frame; the count-in and the segue record into it as well as the engine, so it is shared.
 */
export class Timeline {
  #events: TimelineEvent[] = [];

  record(event: TimelineEvent): void {
    this.#events.push(event);
    if (this.#events.length > TIMELINE_LENGTH) this.#events.splice(0, this.#events.length - TIMELINE_LENGTH);
  }

  get events(): TimelineEvent[] {
    return [...this.#events];
  }
}
