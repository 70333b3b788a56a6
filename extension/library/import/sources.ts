/** A file to import and the folder it came from ('' when chosen or dropped on its own). */
export interface SourceFile {
  file: File;
  dir: string;
}

/** The files of one song: a folder, or the loose files of one pick or drop. */
export interface SongSource {
  /** The folder's name, which becomes the song title; null for loose files. */
  folder: string | null;
  files: File[];
}

const AUDIO_EXTENSION = /\.(mp3|wav|wave|ogg|oga|opus|m4a|mp4|aac|flac|webm)$/i;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * One song per folder, plus one for the loose files. Hidden files (.DS_Store) are dropped;
 * inside folders so are non-audio files (cover art, PDFs), which are reported as skipped.
 * Loose files were chosen on purpose, so every one of them is validated as audio.
 */
export function groupIntoSongs(sources: readonly SourceFile[]): { songs: SongSource[]; skipped: string[] } {
  const byDir = new Map<string, File[]>();
  const skipped: string[] = [];
  for (const { file, dir } of sources) {
    if (file.name.startsWith('.')) continue;
    if (dir && !AUDIO_EXTENSION.test(file.name)) {
      skipped.push(file.name);
      continue;
    }
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  const songs = [...byDir.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([dir, files]) => ({
      folder: dir ? dir.split('/').at(-1)! : null,
      files: files.sort((a, b) => collator.compare(a.name, b.name)),
    }));
  return { songs, skipped };
}

/** From a file input; a folder picker (webkitdirectory) fills webkitRelativePath. */
export function fromFileList(files: Iterable<File>): SourceFile[] {
  return [...files].map((file) => ({ file, dir: parentDir(file.webkitRelativePath) }));
}

/**
 * From a drop. The entries must be taken before the first await: the browser empties the
 * DataTransfer once the drop event returns. Items without an entry (synthetic drops) are files.
 */
export async function fromDataTransfer(data: DataTransfer): Promise<SourceFile[]> {
  const roots = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  const found: SourceFile[] = [];
  for (const { entry, file } of roots) {
    if (entry?.isDirectory) await walk(entry as FileSystemDirectoryEntry, found);
    else if (file) found.push({ file, dir: '' });
  }
  return found;
}

async function walk(directory: FileSystemDirectoryEntry, found: SourceFile[]): Promise<void> {
  for (const entry of await readAll(directory)) {
    if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, found);
    else found.push({ file: await fileOf(entry as FileSystemFileEntry), dir: parentDir(entry.fullPath.replace(/^\//, '')) });
  }
}

/** readEntries returns at most 100 entries per call; an empty batch means the end. */
async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : '';
}
