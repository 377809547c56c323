// A TCP relay to the database that stands in for a loaded one: a new
// connection's first answer waits `perOpen` ms for each connection opened
// in the second before it (as PostgreSQL's start of a backend slows when
// many arrive at once); the bytes of an open connection pass at once.
import net from "node:net";

/**
 * Starts the relay to `host:port`; resolves to `{ port, cut, stop }`:
 * `cut()` drops every open connection (as a database restart does).
 */
export async function slowLink(host, port, { perOpen = 2 } = {}) {
  const opened = [];
  const sockets = new Set();
  const server = net.createServer((client) => {
    const now = Date.now();
    opened.push(now);
    while (opened[0] < now - 1000) opened.shift();
    let setup = perOpen * opened.length;
    const db = net.connect(port, host);
    for (const s of [client, db]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        db.destroy();
      });
    }
    client.pipe(db);
    // The first answer (of the start-up exchange) waits; the rest in order after it.
    let queue = Promise.resolve();
    db.on("data", (chunk) => {
      const wait = setup;
      setup = 0;
      queue = queue.then(() => new Promise((r) => setTimeout(r, wait))).then(() => client.write(chunk));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
