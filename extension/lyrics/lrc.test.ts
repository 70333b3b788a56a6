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
    expect(parsed.skipped).toEqual([]);
    expect(parsed.partial).toEqual([]);
    expect(parsed.lines).toEqual(lines);
  });

  it('keeps metadata tags, without the offset it has applied', () => {
    const source = '[ar:Band]\n[ti:Title]\n[al:Album]\n[au:Writer]\n[by:Me]\n[length: 03:45]\n[re:Tool]\n[ve:1.0]\n[#:a comment]\n[offset:100]\n[00:01.00]x';
    expect(parseLrc(source).tags).toEqual({ ar: 'Band', ti: 'Title', al: 'Album', au: 'Writer', by: 'Me', length: '03:45', re: 'Tool', ve: '1.0', '#': 'a comment' });
  });

  it('imports every readable timed line of a damaged file and names the others', () => {
    const source = '[ti:Song]\nWritten by Someone\n[00:05.00]First\n[01:6x.00]Broken\n[00:02.00]Earlier\n[Chorus]\n[00:08.00]Last';
    const parsed = parseLrc(source);
    expect(parsed.lines.map((l) => [l.time, l.text])).toEqual([[2, 'Earlier'], [5, 'First'], [8, 'Last']]);
    expect(parsed.skipped).toEqual([
      { line: 2, text: 'Written by Someone', reason: 'no time stamp' },
      { line: 4, text: '[01:6x.00]Broken', reason: 'damaged time stamp' },
      { line: 6, text: '[Chorus]', reason: 'no time stamp' },
    ]);
  });

  it('keeps the good stamps of a line with one damaged stamp, and says so', () => {
    const parsed = parseLrc('[00:12.00][0x:30.00][01:30.00]Chorus');
    expect(parsed.lines).toEqual([{ time: 12, text: 'Chorus' }, { time: 90, text: 'Chorus' }]);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.partial).toEqual([{ line: 1, text: '[00:12.00][0x:30.00][01:30.00]Chorus', reason: 'a damaged time stamp was left out' }]);
  });
});

describe('enhanced (A2) word stamps', () => {
  it('reads each word with its time, the text without tags', () => {
    const { lines } = parseLrc('[00:24.00]<00:24.00>Word <00:24.50>by <00:25.00>word<00:25.80>');
    expect(lines).toEqual([
      { time: 24, text: 'Word by word', words: [{ time: 24, text: 'Word ' }, { time: 24.5, text: 'by ' }, { time: 25, text: 'word' }, { time: 25.8, text: '' }] },
    ]);
  });

  it('gives text before the first word stamp the line time', () => {
    expect(parseLrc('[00:01.00]Hel<00:01.30>lo').lines[0]!.words).toEqual([{ time: 1, text: 'Hel' }, { time: 1.3, text: 'lo' }]);
  });

  it('moves word stamps with the offset exactly as line stamps', () => {
    const { lines } = parseLrc('[offset:+500]\n[00:10.00]<00:10.00>a <00:10.250>b');
    expect(lines).toEqual([{ time: 9.5, text: 'a b', words: [{ time: 9.5, text: 'a ' }, { time: 9.75, text: 'b' }] }]);
  });

  it('keeps a line with damaged word stamps as plain text, never with the raw tags', () => {
    const parsed = parseLrc('[00:01.00]<00:01.00>one <00:7x.00>two');
    expect(parsed.lines).toEqual([{ time: 1, text: 'one two' }]);
    expect(parsed.partial).toEqual([{ line: 1, text: '<00:01.00>one <00:7x.00>two', reason: 'damaged word stamps; shown without word timing' }]);
  });

  it.each([
    { name: 'a line without a stamp', source: '[00:01.00]ok\nno stamp here', line: 2, reason: /no time stamp/ },
    { name: 'a broken stamp', source: '[00:01.00]ok\n[0a:01.00]bad', line: 2, reason: /damaged time stamp/ },
    { name: 'seconds past 59', source: '[00:01.00]ok\r\n[00:75.00]bad', line: 2, reason: /damaged time stamp/ },
    { name: 'an offset that is not a number', source: '[offset:soon]\n[00:01.00]x', line: 0, reason: /offset/ },
  ])('reports $name with its line number, keeping the good line', ({ source, line, reason }) => {
    const { skipped, lines } = parseLrc(source);
    expect(lines.map((l) => l.text)).toEqual(['ok', 'x'].filter((t) => source.includes(`]${t}`)));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.line).toBe(line);
    expect(skipped[0]!.reason).toMatch(reason);
  });
});

describe('formatLrc', () => {
  it('writes [mm:ss.xx] (.xxx where ms need it) under the tags, leaving out unstamped lines', () => {
    const text = formatLrc([{ time: 65.456, text: 'A' }, { time: null, text: 'B' }, { time: 0, text: 'C' }, { time: 1.5, text: 'D' }], { zz: 'other', length: '03:00', ar: 'R', ti: 'T' });
    expect(text).toBe('[ti:T]\n[ar:R]\n[length:03:00]\n[zz:other]\n[01:05.456]A\n[00:00.00]C\n[00:01.50]D\n');
  });

  it('writes word stamps from the stored word times', () => {
    const words = [{ time: 9.5, text: 'a ' }, { time: 9.75, text: 'b' }, { time: 10.2, text: '' }];
    expect(formatLrc([{ time: 9.5, text: 'a b', words }])).toBe('[00:09.50]<00:09.50>a <00:09.75>b<00:10.20>\n');
  });

  it('round-trips through the parser', () => {
    const lines = [{ time: 1.23, text: 'one' }, { time: 61.5, text: 'two' }];
    expect(parseLrc(formatLrc(lines)).lines).toEqual(lines);
  });

  it('formats stamps, keeping milliseconds only where they are not whole centiseconds', () => {
    expect(formatStamp(599.999)).toBe('[09:59.999]');
    expect(formatStamp(599.9999)).toBe('[10:00.00]');
    expect(formatStamp(61.05)).toBe('[01:01.05]');
  });
});
