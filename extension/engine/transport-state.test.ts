import { describe, expect, it } from 'vitest';
import { ENGINE_ACTIONS, type EngineAction, type EngineState } from '../../shared/messages';
import { TransportMachine, type TransportStep } from './transport-state';

function machine(state: EngineState, starting = false): TransportMachine {
  const m = new TransportMachine();
  m.state = state;
  if (starting) m.requestStart();
  return m;
}

describe('TransportMachine', () => {
  // The whole table: what every command does in every state, pending start or not.
  const table: [EngineState, boolean, Record<EngineAction, TransportStep>][] = [
    ['playing', false, { 'play-pause': 'pause', play: 'none', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
    ['paused', false, { 'play-pause': 'start', play: 'start', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
    ['stopped', false, { 'play-pause': 'start', play: 'start', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
    // A start still pending (stems decoding, song loading): the toggle takes it back.
    ['stopped', true, { 'play-pause': 'pause', play: 'none', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
    ['loading', true, { 'play-pause': 'pause', play: 'none', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
    ['loading', false, { 'play-pause': 'start', play: 'start', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
    ['idle', false, { 'play-pause': 'start', play: 'start', pause: 'pause', stop: 'stop', panic: 'panic', next: 'next', previous: 'previous' }],
  ];
  it.each(table)('in %s (start pending: %s) each command has one step', (state, starting, steps) => {
    for (const action of ENGINE_ACTIONS) expect([action, machine(state, starting).decide(action)]).toEqual([action, steps[action]]);
  });

  it('Pause, Stop and Panic void a pending start; only a new Play brings it back', () => {
    const m = machine('stopped');
    m.requestStart();
    m.hold();
    expect(m.starting).toBe(false);
    expect(m.decide('play-pause')).toBe('start');
    m.requestStart();
    m.started();
    expect([m.state, m.starting, m.rolling]).toEqual(['playing', false, true]);
  });

  it('a seeded storm of commands keeps the invariants after every step', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const m = machine('stopped');
    for (let i = 0; i < 2_000; i++) {
      const action = ENGINE_ACTIONS[Math.floor(random() * ENGINE_ACTIONS.length)]!;
      const wasRolling = m.rolling;
      const step = m.decide(action);
      // Apply as the engine does: a start may sound at once or stay pending.
      if (step === 'start') random() < 0.5 ? m.started() : m.requestStart();
      if (step === 'pause' || step === 'stop' || step === 'panic') {
        m.hold();
        if (m.state === 'playing') m.state = step === 'stop' ? 'stopped' : 'paused';
        if (step === 'stop') m.state = 'stopped';
      }
      // A toggle always flips what the performer asked for; a hold always ends rolling.
      if (action === 'play-pause') expect(m.rolling).toBe(!wasRolling);
      if (action === 'pause' || action === 'stop' || action === 'panic') expect(m.rolling).toBe(false);
      if (action === 'play') expect(m.rolling).toBe(true);
    }
  });
});
