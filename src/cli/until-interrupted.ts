// For commands that serve until Ctrl-C or SIGTERM (serve, worker): resolves when the signal aborts.
export function untilInterrupted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
