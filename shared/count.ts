/** "1 song", "3 songs": a number with its noun in the right number (English plurals by default). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
