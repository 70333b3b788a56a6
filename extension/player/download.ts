/** Saves a Blob as a download (the browser's own save flow; works offline). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by the next task; a large backup needs it a little longer.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
