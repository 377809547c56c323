// The demo server for the end-to-end and HTTP tests: started on a free
// loopback port in demo mode, and a client that signs in as a member with
// the session cookie the server sets (or calls as nobody).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** The server's binary (built by scripts/build-demo.sh). */
export const serverBin = `${root}target/server/teamgate-demo`;

/** A fresh data directory for a SQLite server. */
export const dataDir = () => mkdtempSync(join(tmpdir(), "teamgate-data-"));

/**
 * Starts the server (SQLite in a fresh data directory unless `env` names
 * one, or a `DATABASE_URL`); resolves to `{ base, api, edit, session, stop }`.
 */
export async function startServer(env = {}) {
  const storage = env.DATABASE_URL || env.TEAMGATE_DATA_DIR ? {} : { TEAMGATE_DATA_DIR: dataDir() };
  const proc = spawn(serverBin, [], {
    env: { ...process.env, PORT: "0", TEAMGATE_DEMO: "1", TEAMGATE_DEMO_DIST: `${root}www/app/dist`, ...storage, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolve, reject) => {
    proc.on("error", reject);
    proc.on("exit", (code) => reject(new Error(`demo server exited (${code}) before it started`)));
    const late = setTimeout(() => {
      proc.kill();
      reject(new Error("demo server did not start"));
    }, 15000);
    proc.stdout.on("data", (d) => {
      const m = /http:\/\/[\d.:]+\//.exec(String(d));
      if (m) {
        clearTimeout(late);
        resolve(m[0]);
      }
    });
  });
  const cookies = new Map();
  async function session(member) {
    if (!cookies.has(member)) {
      const res = await fetch(`${base}api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ member }) });
      assert.equal(res.status, 200, `sign in as ${member}`);
      cookies.set(member, res.headers.get("set-cookie").split(";")[0]);
    }
    return cookies.get(member);
  }
  /** A new session (its own cookie) for `member` of `account` (acme unless named). */
  async function signIn(member, account) {
    const res = await fetch(`${base}api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(account ? { member, account } : { member }) });
    assert.equal(res.status, 200, `sign in as ${member}`);
    return res.headers.get("set-cookie").split(";")[0];
  }
  /** A call as `member` (signed in with the session cookie), or as nobody; `raw` sends the body as is. */
  async function api(path, { method = "GET", body, raw, member, headers = {} } = {}) {
    const h = { ...headers };
    if (body !== undefined || raw !== undefined) h["content-type"] ??= "application/json";
    if (member) h.cookie = await session(member);
    const res = await fetch(`${base}api/${path}`, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    let data = null;
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
    return { status: res.status, data, headers: res.headers };
  }
  /** An edit as `member`, made against the current policy version. */
  async function edit(path, member, body) {
    const { version } = (await api("state", { member })).data;
    return api(path, { method: "POST", member, body: { ...body, version } });
  }
  /**
   * Every item of a list paged by `?before=` (each page names the next in
   * `older`: a chat's messages, the log), newest first, read as `member`.
   */
  async function all(path, key, member, limit = 100) {
    const items = [];
    let before = null;
    do {
      const page = await api(`${path}${path.includes("?") ? "&" : "?"}limit=${limit}${before ? `&before=${before}` : ""}`, { member });
      assert.equal(page.status, 200, `${path}: ${JSON.stringify(page.data)}`);
      items.push(...page.data[key]);
      before = page.data.older;
    } while (before);
    return items;
  }
  /** Stops the server; resolves once it has exited. */
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", resolve);
      proc.kill();
    });
  /** The server's resident memory now, in MB (Linux). */
  const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))[1]) / 1024;
  return { base, api, edit, all, session, signIn, stop, rssMb, pid: proc.pid, cookies };
}

/** `n` servers started at once on `env`; if any does not start, the others are stopped and the test fails. */
export async function startAll(n, env) {
  const started = await Promise.allSettled(Array.from({ length: n }, () => startServer(env)));
  const up = started.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = started.filter((r) => r.status === "rejected");
  if (failed.length > 0) {
    await Promise.all(up.map((x) => x.stop()));
    assert.fail(`${failed.length} of ${n} processes did not start: ${failed[0].reason.message}`);
  }
  return up;
}

/**
 * Six processes started together on an empty database (`emptyEnv(round)`
 * gives its environment), three times: each comes up, and the demo is
 * seeded once.
 */
export async function sixTogether(emptyEnv) {
  for (let round = 0; round < 3; round++) {
    const servers = await startAll(6, await emptyEnv(round));
    try {
      for (const server of servers) {
        const list = await server.api("numbers/main/chats", { member: "olivia" });
        assert.equal(list.status, 200);
        assert.deepEqual(list.data.chats.map((c) => c.customer).sort(), ["Lucía", "Marco", "Nora", "Omar", "Pia"], "seeded once, not six times");
        assert.equal((await server.api("state", { member: "olivia" })).data.version, 1);
      }
    } finally {
      await Promise.all(servers.map((x) => x.stop()));
    }
  }
}
