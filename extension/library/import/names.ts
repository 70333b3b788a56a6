/** Separators people put between a song name and a stem name: "Song - Drums", "song_drums". */
const SEPARATOR = /[\s\-_.–—]/;

export function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot > 0 ? fileName.slice(0, dot) : fileName).trim();
}

function trimSeparators(text: string): string {
  return text.replace(/^[\s\-_.–—]+|[\s\-_.–—]+$/g, '');
}

/** The longest start shared by all names, cut back to a separator so no word is split. */
function commonPrefix(names: readonly string[]): string {
  if (names.length < 2) return '';
  let prefix = names[0]!;
  for (const name of names) {
    while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  let end = prefix.length;
  while (end > 0 && !SEPARATOR.test(prefix[end - 1]!)) end--;
  return prefix.slice(0, end);
}

/**
 * Stem names from file names: "Amazing Grace - Drums.wav" and "Amazing Grace - Bass.wav"
 * become "Drums" and "Bass"; the shared part is the song title when no folder names it.
 */
export function namesFromFiles(fileNames: readonly string[]): { title: string; trackNames: string[] } {
  const bases = fileNames.map(baseName);
  const prefix = commonPrefix(bases);
  const title = trimSeparators(prefix) || bases[0] || 'Untitled song';
  const trackNames = bases.map((base) => trimSeparators(base.slice(prefix.length)) || base);
  return { title, trackNames };
}
