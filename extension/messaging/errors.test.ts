import { describe, expect, it } from 'vitest';
import { isNoReceiverFailure, RemoteError, serializeError } from './errors';

describe('errors crossing contexts', () => {
  it('survive JSON (what runtime messaging does) with name, message and cause chain', () => {
    const original = new TypeError('decoder failed', { cause: new RangeError('bad frame') });
    const wire = JSON.parse(JSON.stringify(serializeError(original)));
    const rebuilt = new RemoteError(wire);
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt).toMatchObject({ name: 'TypeError', message: 'decoder failed', stack: original.stack });
    expect(rebuilt.cause).toMatchObject({ name: 'RangeError', message: 'bad frame' });
  });

  it.each([
    ['a string', 'nope', { name: 'Error', message: 'nope' }],
    ['an object', { code: 1 }, { name: 'Error', message: '[object Object]' }],
  ])('turn a thrown non-Error (%s) into an error', (_, thrown, expected) => {
    expect(serializeError(thrown)).toEqual(expected);
  });

  it('stop following a cyclic cause chain', () => {
    const error = new Error('loop');
    error.cause = error;
    expect(() => JSON.stringify(serializeError(error))).not.toThrow();
  });

  it.each([
    ['Could not establish connection. Receiving end does not exist.', true],
    ['The message port closed before a response was received.', true],
    ['Error in invocation of runtime.sendMessage', false],
  ])('recognise Chrome\'s "no receiver" failure: %s', (message, expected) => {
    expect(isNoReceiverFailure(new Error(message))).toBe(expected);
  });
});
