/**
 * Preloaded (`node --require`) into the bench's child processes: SIGTERM ends the process with exit(0) at once.
 * `--cpu-prof` writes its profiles only when a process exits on its own, and Nest's shutdown hooks end the API by
 * raising the signal again once they are done; this listener, registered before any other, comes first.
 */
process.on('SIGTERM', () => process.exit(0));
