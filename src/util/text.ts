/** `text`, or its first `max - 1` characters and `…` when it is longer than `max`: how messages quote long values. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
