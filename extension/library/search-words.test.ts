import { describe, expect, it } from 'vitest';
import { matchesWords, searchWordsOf, wordsOf } from './search-words';

describe('search words', () => {
  it.each([
    ['Amazing Grace', ['amazing', 'grace']],
    ['Café del Mar', ['cafe', 'del', 'mar']],
    ["Don't Stop Believin'", ['dont', 'stop', 'believin']],
    ['  AC/DC -- T.N.T.  ', ['ac', 'dc', 't', 'n', 't']],
    ['Dreißig 30', ['dreißig', '30']],
  ])('splits %j into %j', (text, words) => {
    expect(wordsOf(text)).toEqual(words);
  });

  it('takes title, artist and tags once each', () => {
    expect(searchWordsOf({ title: 'Grace', artist: 'Grace Band', tags: ['worship', 'Grace'] })).toEqual(['grace', 'band', 'worship']);
  });

  it.each([
    [['amaz'], true],
    [['gr', 'am'], true],
    [['grace', 'x'], false],
    [['mazing'], false],
    [[], true],
  ])('matches query words %j by prefix: %s', (query, expected) => {
    expect(matchesWords(['amazing', 'grace', 'hymn'], query)).toBe(expected);
  });
});
