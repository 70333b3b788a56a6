/** `items` with the one at `from` moved to `to` (both clamped into the list); a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const list = [...items];
  if (from < 0 || from >= list.length) return list;
  const [item] = list.splice(from, 1);
  list.splice(Math.max(0, Math.min(list.length, to)), 0, item!);
  return list;
}

/** What a screen reader hears after a move. */
export const positionMessage = (name: string, index: number, count: number) => `${name} moved to position ${index + 1} of ${count}.`;
