// One load run against the reference server, shared by bench/server.mjs and
// bench/scale.mjs: `requests` to each of `paths` (functions of the request's
// index per path), interleaved (request i goes to `paths[i % n]`, so that
// whatever else the machine does falls on each alike), `concurrency` at a
// time, until done or `capMs` has passed. Every answer must be 200.

/**
 * Per path: `{ n, p50, p99 }` (ms), and `rps`, the requests per second of
 * the whole run (all paths together).
 */
export async function interleaved({ base, cookie, method = "GET", paths, requests, concurrency, capMs = Infinity }) {
  const latencies = paths.map(() => []);
  const total = requests * paths.length;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total && performance.now() - start < capMs) {
      const i = next++;
      const k = i % paths.length;
      const path = paths[k](Math.floor(i / paths.length));
      const t = performance.now();
      const res = await fetch(`${base}api/${path}`, { method, headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${body.slice(0, 200)}`);
      latencies[k].push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rps = latencies.reduce((n, l) => n + l.length, 0) / ((performance.now() - start) / 1000);
  return latencies.map((l) => {
    l.sort((a, b) => a - b);
    return { n: l.length, rps, p50: l[Math.floor(l.length * 0.5)], p99: l[Math.floor(l.length * 0.99)] };
  });
}
