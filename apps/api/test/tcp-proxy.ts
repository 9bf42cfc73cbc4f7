import { createServer, connect, type Socket } from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that a test can freeze (bytes stop flowing both ways, new
 * connections hang: a paused VM or a partition) or take down (every connection reset, new ones
 * refused: a stopped server), and then restore.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let state: "up" | "frozen" | "down" = "up";
  const pairs = new Set<[Socket, Socket]>();

  const server = createServer((client) => {
    if (state === "down") return void client.destroy();
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
    if (state === "frozen") freezePair(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("proxy has no port");

  function freezePair([client, upstream]: [Socket, Socket]) {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  }

  return {
    port: address.port,
    freeze() {
      state = "frozen";
      for (const pair of pairs) freezePair(pair);
    },
    down() {
      state = "down";
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      state = "up";
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
