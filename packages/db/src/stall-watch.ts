import pg from "pg";

/**
 * A frozen server (SIGSTOP, a paused VM, a partition) keeps its sockets open and answers nothing:
 * a query already sent on a pooled connection would wait for the client's `query_timeout`, past
 * the statement timeout. A query that is merely long looks the same from its own socket, so the
 * watch asks the server on a fresh connection: a server that cannot even start a session is
 * frozen, and the stalled connections are cut (their queries fail as "Connection terminated",
 * a 503). A server that answers leaves long statements running to their own statement timeout.
 */
export type StallWatch = {
  /** Watches every query of `client` (a pooled connection, from the pool's `afterCreate`). */
  watch: (client: pg.Client) => void;
};

export type StallWatchOptions = {
  /** The server the pooled connections talk to. */
  url: string;
  /** How long a query runs before the server is asked whether it is alive (and again as often while it runs). */
  stallMs: number;
  /** How long the probe waits for a session and `select 1`. */
  probeMs: number;
};

type Callback = (...results: unknown[]) => void;
// pg keeps the socket on `connection.stream`: destroying it is the one way to end a session
// whose server never answers (`end()` waits for the server to close).
type WithSocket = { connection?: { stream?: { destroy: (error?: Error) => void; unref?: () => void } } };

const PROBE_SESSION_IDLE_MS = 10_000;

export function createStallWatch(options: StallWatchOptions): StallWatch {
  let probing: Promise<boolean> | undefined;
  let session: pg.Client | undefined;
  let idle: NodeJS.Timeout | undefined;

  // The session goes when no query has stalled for a while, and never keeps the process alive.
  function closeWhenIdle(client: pg.Client) {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (session !== client) return;
      session = undefined;
      void client.end().catch(() => {});
    }, PROBE_SESSION_IDLE_MS);
    idle.unref();
  }

  /**
   * `select 1` on a session of the watch's own, opened on first use and again after a failure:
   * cheap for a busy server (no new backend per probe), and a frozen one answers neither it nor
   * a new session's startup.
   */
  async function probe(): Promise<boolean> {
    try {
      if (!session) {
        const opening = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: options.probeMs, query_timeout: options.probeMs });
        opening.on("error", () => {});
        session = opening;
        await opening.connect();
        (opening as WithSocket).connection?.stream?.unref?.();
      }
      await session.query("select 1");
      closeWhenIdle(session);
      return true;
    } catch (error) {
      // No answer: nothing to end politely.
      (session as WithSocket | undefined)?.connection?.stream?.destroy();
      session = undefined;
      const code = (error as { code?: unknown }).code;
      // An error the server sent (too many clients, starting up…) is an answer.
      return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
    }
  }

  /** One probe at a time, shared by every stalled query; true when the server answered in time. */
  function serverAnswers(): Promise<boolean> {
    probing ??= probe().finally(() => {
      probing = undefined;
    });
    return probing;
  }

  function watch(client: pg.Client) {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      let running = true;
      const timer = setInterval(() => {
        void serverAnswers().then((alive) => {
          if (!alive && running) (client as WithSocket).connection?.stream?.destroy(frozen());
        });
      }, options.stallMs);
      timer.unref();
      const done = () => {
        running = false;
        clearInterval(timer);
      };
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const callback = args[last] as Callback;
        args[last] = (...results: unknown[]) => {
          done();
          callback(...results);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) result.then(done, done);
      else done(); // a stream or cursor: not watched
      return result;
    };
  }

  return { watch };
}

/** The error of a query cut short; ETIMEDOUT, as the socket would have said, makes it a 503 (unavailable.ts). */
const frozen = () => Object.assign(new Error("the database did not answer within the stall bounds"), { code: "ETIMEDOUT" });
