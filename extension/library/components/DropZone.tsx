import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { fromDataTransfer, type SourceFile } from '../import/sources';

interface Props {
  class: string;
  labelledBy: string;
  onDrop: (files: SourceFile[]) => void;
  children: ComponentChildren;
}

/** A section that takes dropped files and folders (the import buttons do the same by keyboard). */
export function DropZone({ class: className, labelledBy, onDrop, children }: Props) {
  const [over, setOver] = useState(false);
  const accepts = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  return (
    <section
      class={`${className} ${over ? 'drop-active' : ''}`}
      aria-labelledby={labelledBy}
      onDragOver={(event) => {
        if (!accepts(event)) return;
        event.preventDefault(); // allows the drop
        setOver(true);
      }}
      onDragLeave={(event) => {
        if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        if (!event.dataTransfer) return;
        event.preventDefault(); // or the browser opens the file
        setOver(false);
        // Read synchronously inside the event: the browser empties dataTransfer afterwards.
        void fromDataTransfer(event.dataTransfer).then(onDrop);
      }}
    >
      {children}
      <p class="drop-hint" aria-hidden="true">
        Drop audio files (one song) or song folders here
      </p>
    </section>
  );
}
