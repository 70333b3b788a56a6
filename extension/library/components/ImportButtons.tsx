import type { ReadonlySignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { fromFileList, type SourceFile } from '../import/sources';

const ACCEPT = '.mp3,.wav,.ogg,.oga,.opus,.m4a,.mp4,.aac,.flac,.webm,audio/*';

interface Props {
  busy: ReadonlySignal<unknown>;
  onFiles: (files: SourceFile[]) => void;
}

/** Visible buttons open hidden file inputs: a native input's look cannot be made stage-sized. */
export function ImportButtons({ busy, onFiles }: Props) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const take = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.files?.length) onFiles(fromFileList(input.files));
    input.value = ''; // so choosing the same files again still imports them
  };
  const disabled = busy.value !== null;
  return (
    <div class="import-buttons">
      <button type="button" class="button button--primary" disabled={disabled} onClick={() => filesInput.current?.click()}>
        Import song files
      </button>
      <button type="button" class="button" disabled={disabled} onClick={() => folderInput.current?.click()}>
        Import song folders
      </button>
      <input ref={filesInput} type="file" multiple accept={ACCEPT} hidden data-import="files" onChange={take} />
      <input
        ref={(el) => {
          folderInput.current = el;
          if (el) el.webkitdirectory = true; // not a JSX attribute; one song per folder
        }}
        type="file"
        hidden
        data-import="folders"
        onChange={take}
      />
    </div>
  );
}
