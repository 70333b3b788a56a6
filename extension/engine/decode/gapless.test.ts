import { describe, expect, it } from 'vitest';
import { decodeStartSec, runFixFrames, timingFor, unknownTimingNote, type StemTiming, type TimingFacts } from './gapless';

const lame = { encoder: 'LAME3.100', encoderDelay: 576, padding: 1260, frameCount: 193, samplesPerFrame: 1152 };
const at44 = (facts: Partial<TimingFacts> & { codec: string }): TimingFacts => ({ sampleRate: 44_100, firstTimestamp: 0, ...facts });

describe('timingFor: where each codec really starts on mediabunny’s timeline', () => {
  it.each<[string, TimingFacts, Partial<StemTiming>]>([
    ['WAV', at44({ codec: 'pcm-s16' }), { delayFrames: 0, lengthFrames: null, preRollFrames: 0, source: 'lossless', known: true }],
    ['float WAV at 48 kHz', { codec: 'pcm-f32', sampleRate: 48_000, firstTimestamp: 0 }, { delayFrames: 0, preRollFrames: 0, known: true }],
    ['FLAC', at44({ codec: 'flac' }), { delayFrames: 0, preRollFrames: 0, source: 'lossless', known: true }],
    // LAME tag: encoder delay + the decoder's 529, padding cut: 193 × 1152 − 576 − 1260 = 220,500 frames.
    ['MP3 with a LAME tag', at44({ codec: 'mp3', lameTag: lame }), { delayFrames: 1105, lengthFrames: 220_500, preRollFrames: 8820, source: 'lame-tag', known: true }],
    ['MP3 LAME tag without a frame count', at44({ codec: 'mp3', lameTag: { ...lame, frameCount: null } }), { delayFrames: 1105, lengthFrames: null, known: true }],
    ['MPEG-2 MP3 at 22.05 kHz', { codec: 'mp3', sampleRate: 22_050, firstTimestamp: 0, lameTag: { ...lame, frameCount: 100, samplesPerFrame: 576 } }, { delayFrames: 1105, lengthFrames: 57_600 - 576 - 1260, preRollFrames: 4410 }],
    ['MP3 with ID3 iTunSMPB', at44({ codec: 'mp3', iTunSMPB: { delay: 576, padding: 1000, length: 200_000 } }), { delayFrames: 1105, lengthFrames: 200_000, source: 'itunsmpb', known: true }],
    ['MP3 without any header: only the decoder delay', at44({ codec: 'mp3' }), { delayFrames: 529, lengthFrames: null, source: 'unknown', known: false }],
    ['AAC with an edit list (mediabunny applies it)', at44({ codec: 'aac', firstTimestamp: -1024 / 44_100 }), { delayFrames: 0, source: 'edit-list', known: true }],
    // The edit's duration is the length: the last packet's padding is cut.
    ['AAC with an edit list of 5 s', at44({ codec: 'aac', firstTimestamp: -1024 / 44_100, editListSec: 5 }), { delayFrames: 0, lengthFrames: 220_500, source: 'edit-list' }],
    ['AAC with an edit list and iTunSMPB: the edit list wins', at44({ codec: 'aac', firstTimestamp: -1024 / 44_100, iTunSMPB: { delay: 1024, padding: 0, length: 5 } }), { delayFrames: 0, lengthFrames: null, source: 'edit-list' }],
    ['AAC with iTunSMPB only', at44({ codec: 'aac', iTunSMPB: { delay: 2112, padding: 300, length: 220_500 } }), { delayFrames: 2112, lengthFrames: 220_500, source: 'itunsmpb', known: true }],
    ['AAC with neither', at44({ codec: 'aac' }), { delayFrames: 0, source: 'unknown', known: false }],
    ['Opus', { codec: 'opus', sampleRate: 48_000, firstTimestamp: 0, opusPreSkip: 312 }, { delayFrames: 0, opusPreSkipFrames: 312, preRollFrames: 9600, lengthFrames: null, source: 'opus-pre-skip', known: true }],
    // The last granule counts the pre-skip: 240,312 − 312 = 5 s at 48 kHz.
    ['Opus with its last granule', { codec: 'opus', sampleRate: 48_000, firstTimestamp: 0, opusPreSkip: 312, oggLastGranule: 240_312 }, { lengthFrames: 240_000 }],
    ['Vorbis', at44({ codec: 'vorbis' }), { delayFrames: 0, preRollFrames: 8820, lengthFrames: null, source: 'vorbis-granules', known: true }],
    ['Vorbis with its last granule', at44({ codec: 'vorbis', oggLastGranule: 220_500 }), { lengthFrames: 220_500 }],
    ['AC-3: no rule, not known', at44({ codec: 'ac3' }), { delayFrames: 0, preRollFrames: 8820, known: false }],
  ])('%s', (_name, facts, expected) => {
    expect(timingFor(facts)).toMatchObject(expected);
  });
});

describe('runFixFrames: corrections for one decoder run (a seek starts a fresh decoder)', () => {
  const opus = timingFor({ codec: 'opus', sampleRate: 48_000, firstTimestamp: 0, opusPreSkip: 312 });
  const vorbis = timingFor(at44({ codec: 'vorbis' }));
  const mp3 = timingFor(at44({ codec: 'mp3', lameTag: lame }));
  const aac = timingFor(at44({ codec: 'aac', firstTimestamp: -1024 / 44_100 }));
  it.each<[string, StemTiming, boolean, number, number]>([
    ['Opus from the first packet: Chromium’s pre-skip is what the demuxer expects', opus, true, 648, 0],
    ['Opus mid-stream: the pre-skip is dropped again', opus, false, 960, 312],
    ['Vorbis from the first packet (duration 0)', vorbis, true, 0, 0],
    ['Vorbis mid-stream: its first packet yields nothing', vorbis, false, 1024, 1024],
    ['Vorbis mid-stream after a short block', vorbis, false, 128, 128],
    ['MP3 needs no per-run fix', mp3, false, 1152, 0],
    ['AAC needs no per-run fix', aac, false, 1024, 0],
  ])('%s', (_name, timing, atStreamStart, firstPacketFrames, fix) => {
    expect(runFixFrames(timing, { atStreamStart, firstPacketFrames })).toBe(fix);
  });
});

describe('decodeStartSec', () => {
  const mp3 = timingFor(at44({ codec: 'mp3', lameTag: lame }));
  const flac = timingFor(at44({ codec: 'flac' }));
  const aac = timingFor(at44({ codec: 'aac', firstTimestamp: -1024 / 44_100 }));
  it.each<[string, StemTiming, number, number]>([
    ['lossless seeks straight to the frame', flac, 44_100, 1],
    ['lossless from the start: the first packet', flac, 0, -Infinity],
    ['MP3: pre-roll before the target, on the late timeline', mp3, 3.217 * 44_100, (3.217 * 44_100 + 1105 - 8820) / 44_100],
    ['MP3 near the start: the first packet', mp3, 4000, -Infinity],
    ['AAC at 0: the priming packet too', aac, 0, -Infinity],
  ])('%s', (_name, timing, from, expected) => {
    expect(decodeStartSec(timing, from)).toBeCloseTo(expected, 9);
  });
});

describe('unknownTimingNote', () => {
  it('tells the musician which file may be late and what to do', () => {
    const note = unknownTimingNote('Click.mp3', timingFor(at44({ codec: 'mp3' })));
    expect(note).toBe('Click.mp3 has no encoder-delay header: it may start about 13 ms late against the other stems. Re-encode it with LAME or use WAV/FLAC.');
    expect(unknownTimingNote('Pad.m4a', timingFor(at44({ codec: 'aac' })))).toMatch(/^Pad\.m4a has no encoder-delay information .* 23–48 ms late/);
  });

  it('says nothing when the timing is known', () => {
    expect(unknownTimingNote('Bass.mp3', timingFor(at44({ codec: 'mp3', lameTag: lame })))).toBeNull();
    expect(unknownTimingNote('Keys.wav', timingFor(at44({ codec: 'pcm-s16' })))).toBeNull();
  });
});
