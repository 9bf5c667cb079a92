/** "1 order", "3 orders", "1,204 orders": a count with its noun, for messages people read. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
