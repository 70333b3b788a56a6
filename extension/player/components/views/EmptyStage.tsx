/** The performance view before the first import: where to start, instead of an empty stage. */
export function EmptyStage({ onOpenLibrary }: { onOpenLibrary: () => void }) {
  return (
    <div class="empty-stage">
      <p class="empty-stage__title">Your library is empty</p>
      <p>
        Import the stems of a song in the library, then play it or build a setlist.{' '}
        <button type="button" class="button button--primary" onClick={onOpenLibrary}>
          Open the library
        </button>
      </p>
    </div>
  );
}
