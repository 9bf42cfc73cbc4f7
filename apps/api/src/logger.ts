import pino from "pino";

/**
 * The server's logger options. Lines go to stdout through an asynchronous destination: a
 * synchronous write per line cost a twentieth of a GET by id's CPU, while the asynchronous one
 * writes, in one call, every line that came while the previous write was out (so under load lines
 * are batched, and when idle each is written at once). pino flushes what is left on exit.
 */
export function loggerOptions(level: string) {
  return { level, stream: pino.destination({ dest: 1, sync: false }) };
}
