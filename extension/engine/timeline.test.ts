import { describe, expect, it } from 'vitest';
import { Timeline } from './timeline';

describe('Timeline', () => {
  it('keeps the last 200 events, oldest first, and hands out copies', () => {
    const timeline = new Timeline();
    for (let at = 0; at < 250; at++) timeline.record({ kind: 'click', songId: 's', at });
    const events = timeline.events;
    expect(events.map((e) => e.at)).toEqual(Array.from({ length: 200 }, (_, i) => 50 + i));
    events.length = 0;
    expect(timeline.events).toHaveLength(200);
  });
});
