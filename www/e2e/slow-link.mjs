// A TCP relay to the database that stands in for a loaded or failing one:
// a new connection's first answer waits `firstOpen` ms, and `perOpen` ms
// more for each connection opened in the second before it (as PostgreSQL's
// start of a backend slows when many arrive at once), the bytes of an open
// connection pass at once, and the test can drop connections: all of them,
// or one as it commits.
import net from "node:net";

/**
 * Starts the relay to `host:port`; resolves to `{ port, cut, cutAtCommit,
 * stop }`: `cut({ downFor })` drops every open connection (as a database
 * restart does) and refuses new ones for `downFor` ms (0 unless given);
 * `cutAtCommit("before" | "after")` drops the next connection that
 * sends a `COMMIT`, before passing it on, or after the database has it
 * (its answer never reaching the server).
 */
export async function slowLink(host, port, { firstOpen = 0, perOpen = 2 } = {}) {
  const opened = [];
  const sockets = new Set();
  let commitCut = null;
  let downUntil = 0;
  const server = net.createServer((client) => {
    const now = Date.now();
    if (now < downUntil) {
      client.destroy();
      return;
    }
    opened.push(now);
    while (opened[0] < now - 1000) opened.shift();
    let setup = firstOpen + perOpen * opened.length;
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
    let muted = false;
    client.on("data", (chunk) => {
      if (commitCut && chunk.includes("COMMIT")) {
        const when = commitCut;
        commitCut = null;
        muted = true;
        if (when === "after") db.write(chunk);
        setTimeout(() => client.destroy(), when === "after" ? 200 : 0);
        return;
      }
      if (!muted) db.write(chunk);
    });
    // The first answer (of the start-up exchange) waits; the rest in order after it.
    let queue = Promise.resolve();
    db.on("data", (chunk) => {
      if (muted) return;
      const wait = setup;
      setup = 0;
      queue = queue.then(() => new Promise((r) => setTimeout(r, wait))).then(() => client.write(chunk));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    cut: ({ downFor = 0 } = {}) => {
      downUntil = Date.now() + downFor;
      for (const s of sockets) s.destroy();
    },
    cutAtCommit: (when) => {
      commitCut = when;
    },
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
