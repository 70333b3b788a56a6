import type { SongDetails, SongRecord } from './store';

/** The song editor's fields as the user typed them. */
export interface SongForm {
  title: string;
  artist: string;
  key: string;
  bpm: string;
  timeSignature: string;
  tags: string;
  notes: string;
}

export function formOfSong(song: SongRecord): SongForm {
  return { ...song, bpm: song.bpm === null ? '' : String(song.bpm), tags: song.tags.join(', ') };
}

/** Parses the form, or returns the message to show next to the save button. */
export function detailsOfForm(form: SongForm): SongDetails | string {
  const bpm = form.bpm.trim() === '' ? null : Number(form.bpm);
  if (bpm !== null && !(bpm >= 20 && bpm <= 400)) return 'BPM must be a number from 20 to 400, or empty.';
  const timeSignature = form.timeSignature.trim();
  if (timeSignature && !/^\d{1,2}\/\d{1,2}$/.test(timeSignature)) return 'Time signature looks like 4/4 or 6/8.';
  if (!form.title.trim()) return 'A song needs a title.';
  return {
    title: form.title,
    artist: form.artist,
    key: form.key.trim(),
    bpm,
    timeSignature,
    tags: form.tags.split(','),
    notes: form.notes,
  };
}
