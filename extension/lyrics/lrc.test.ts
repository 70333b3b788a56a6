import { describe, expect, it } from 'vitest';
import { formatLrc, formatStamp, parseLrc } from './lrc';

describe('parseLrc', () => {
  it.each([
    { name: '[mm:ss.xx]', source: '[00:12.34]Hello', lines: [{ time: 12.34, text: 'Hello' }] },
    { name: '[mm:ss.xxx]', source: '[01:02.345]Hi', lines: [{ time: 62.345, text: 'Hi' }] },
    { name: '[mm:ss]', source: '[00:05]Plain', lines: [{ time: 5, text: 'Plain' }] },
    { name: '[mm:ss.x]', source: '[00:05.5]Tenth', lines: [{ time: 5.5, text: 'Tenth' }] },
    { name: '[mm:ss:xx] colon variant', source: '[00:05:50]Colon', lines: [{ time: 5.5, text: 'Colon' }] },
    { name: 'several stamps on one line, sorted', source: '[00:10.00][00:30.00]Chorus\n[00:20.00]Verse', lines: [{ time: 10, text: 'Chorus' }, { time: 20, text: 'Verse' }, { time: 30, text: 'Chorus' }] },
    { name: 'BOM and CRLF', source: '\uFEFF[ti:Song]\r\n[00:01.00]One\r\n\r\n[00:02.00]Two\r\n', lines: [{ time: 1, text: 'One' }, { time: 2, text: 'Two' }] },
    { name: 'positive offset shows lines earlier', source: '[offset:500]\n[00:02.00]A', lines: [{ time: 1.5, text: 'A' }] },
    { name: 'negative offset later', source: '[offset:-250]\n[00:02.00]A', lines: [{ time: 2.25, text: 'A' }] },
    { name: 'an empty stamped line (instrumental gap)', source: '[00:03.00]', lines: [{ time: 3, text: '' }] },
  ])('reads $name', ({ source, lines }) => {
    const parsed = parseLrc(source);
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual(lines);
  });

  it('keeps metadata tags', () => {
    expect(parseLrc('[ar:Band]\n[ti:Title]\n[al:Album]\n[00:01.00]x').tags).toEqual({ ar: 'Band', ti: 'Title', al: 'Album' });
  });

  it.each([
    { name: 'a line without a stamp', source: '[00:01.00]ok\nno stamp here', line: 2, reason: /no time stamp/ },
    { name: 'a broken stamp', source: '[00:01.00]ok\n[0a:01.00]bad', line: 2, reason: /not \[mm:ss\.xx\]/ },
    { name: 'seconds past 59', source: '\r\n[00:75.00]bad', line: 2, reason: /more than 59/ },
    { name: 'an offset that is not a number', source: '[offset:soon]\n[00:01.00]x', line: 0, reason: /offset/ },
  ])('reports $name with its line number', ({ source, line, reason }) => {
    const { problems } = parseLrc(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(line);
    expect(problems[0]!.reason).toMatch(reason);
  });
});

describe('formatLrc', () => {
  it('writes [mm:ss.xx] with title and artist, leaving out unstamped lines', () => {
    const text = formatLrc([{ time: 65.456, text: 'A' }, { time: null, text: 'B' }, { time: 0, text: 'C' }], { title: 'T', artist: 'R' });
    expect(text).toBe('[ti:T]\n[ar:R]\n[01:05.46]A\n[00:00.00]C\n');
  });

  it('round-trips through the parser', () => {
    const lines = [{ time: 1.23, text: 'one' }, { time: 61.5, text: 'two' }];
    expect(parseLrc(formatLrc(lines)).lines).toEqual(lines);
  });

  it('formats stamps', () => expect(formatStamp(599.999)).toBe('[10:00.00]'));
});
