/** Swallows a rejection nobody waits for (a cancelled body's). */
export function ignore(): void {}

/**
 * Cancels a body nobody will read, so its connection goes back to the pool
 * now rather than at GC. One function for every layer that drops a response.
 */
export function discard(response: Response | undefined): void {
  response?.body?.cancel().catch(ignore)
}
