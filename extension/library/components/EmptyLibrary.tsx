/** Shown until the first song is imported. */
export function EmptyLibrary() {
  return (
    <section class="library-empty" aria-label="Library">
      <h2>Your library is empty</h2>
      <p>Import the stems of a song to build your first setlist.</p>
    </section>
  );
}
