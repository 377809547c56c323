// The package's boundary as a property, shared by Node (boundary.test.mjs)
// and headless Chromium (page.html): random values of every JS type —
// numbers, bigints, symbols, null, objects whose toString / valueOf /
// toJSON / Symbol.toPrimitive throw, proxies whose every trap throws,
// revoked proxies, megabyte strings, sparse and nested arrays, functions,
// typed arrays, detached buffers — as the arguments of every export. Each
// call must return at once or throw one of the package's documented errors
// (never a wasm trap, never anything else), and be followed by answers
// equal to a fresh gate's: no call changes a later answer.

/** The errors a call may throw, by name: the package's own, and TypeError for misuse the docs name. */
const DOCUMENTED = new Set(["PolicyError", "EditError", "DecisionsError", "NotReadyError", "TypeError"]);

/** A small deterministic generator (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const boom = () => {
  throw new Error("boom");
};

/** Every kind of value a page or a request body could hand over, made fresh each time. */
function hostileValues() {
  const trap = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom, apply: boom, set: boom });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const detached = new ArrayBuffer(8);
  try {
    structuredClone(detached, { transfer: [detached] });
  } catch {
    // no transfer here: an ordinary buffer then
  }
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  const deep = [];
  let d = deep;
  for (let i = 0; i < 5000; i++) d = d[0] = [];
  return [
    undefined, null, true, false, 0, -0, 1, -1, 7, 1.5, NaN, Infinity, -Infinity, 2 ** 32, 2 ** 53, Number.MAX_VALUE,
    0n, 1n, -(2n ** 64n), Symbol("s"), Symbol.iterator,
    "", "agent", "chats.reply", "mine", "main", "all", "null", "undefined", "__proto__", "constructor", "toString",
    "team-inbox", "helpdesk", "a\u0000b", "\ud800", "🙂".repeat(10), "x".repeat(1 << 20),
    {}, [], ["agent"], [["agent", "chats.reply", "mine"]], { role: "agent" }, { member: "alex", number: "main" },
    { toString: boom }, { valueOf: boom }, { toJSON: boom }, { [Symbol.toPrimitive]: boom },
    Object.create(null), trap, revoked, sparse, deep, () => "agent", boom, new Date(NaN), new Map([["a", 1]]),
    new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(100_000), detached, new ArrayBuffer(3), new Int32Array(4),
    new Error("e"), Promise.resolve(1), /x/,
  ];
}

/** The answers a fresh gate gives: what every bad call must leave as they were. */
function probe(g, lite) {
  return JSON.stringify([
    g.can("agent", "chats.reply", "mine"),
    g.can("agent", "chats.read", "others", "main"),
    g.can("owner", "billing.subscription"),
    g.explain("agent", "chats.delete", "others", "main"),
    g.explain("agnet", "chats.reply", "mine"),
    g.explainMember("nobody", "main", "chats.read", "mine").code,
    g.allowedScopes("agent", "chats.read", "main"),
    g.capabilities("supervisor", "main"),
    g.checkLimit("custom_roles", 3),
    g.canEditPermissions("admin", "agent"),
    g.explainAssignRole("supervisor", "admin").code,
    g.chatFilter?.("agent", "chats.read", "main"),
    g.canMany([["agent", "chats.reply", "mine"], ["agent", "billing.payment"]]),
    g.prepare([["admin", "developers.api_keys"]]).run(),
    g.canIds(g.resolve("agent", "chats.reply", "mine")),
    g.version,
    g.roles,
    g.plan,
    lite ? null : g.policy().roles.length,
    g.teamWarnings(),
    g.membersWithRole("agent"),
  ]);
}

/** The gate methods, with how many arguments each takes and whether it may change the gate. */
const METHODS = [
  ["can", 4], ["canMany", 1], ["resolve", 4], ["canIds", 1], ["prepare", 1], ["explain", 4], ["canMember", 4],
  ["explainMember", 4], ["allowedScopes", 3], ["memberAllowedScopes", 3], ["chatFilter", 3], ["memberChatFilter", 3],
  ["checkLimit", 2], ["canEditPermissions", 2], ["explainEditPermissions", 2], ["canAssignRole", 2],
  ["explainAssignRole", 2], ["capabilities", 2], ["teamWarnings", 0], ["membersWithRole", 2], ["memberRole", 2],
  ["hydrate", 1, "changes"], ["update", 1, "changes"], ["subscribe", 1], ["dehydrate", 1],
  ["setTeamPermission", 5, "changes"], ["addCustomRole", 2, "changes"], ["setMemberRole", 4, "changes"], ["setPlan", 1, "changes"],
  ["policy", 0], ["snapshot", 0],
];

/**
 * Runs `calls` random calls against the package's entries (`full`, `lite`,
 * `filters`, `messages`, optionally `review`: the imported modules); returns `{ calls, failures,
 * slowest }` (failures as strings).
 */
export function runBoundaryProperty({ full, lite, filters, messages, review }, { seed = 1, calls = 3000, slowMs = 50 } = {}) {
  const random = rng(seed);
  const failures = [];
  let slowest = 0;
  const entries = [
    ["teamgate", full, new full.Gate(), probe(new full.Gate(), false), false],
    ["teamgate/lite", lite, new lite.Gate(), probe(new lite.Gate(), true), true],
  ];
  const pick = (list) => list[Math.floor(random() * list.length)];
  const values = hostileValues();
  const valid = ["agent", "chats.reply", "mine", "main", "owner", "admin", "custom_roles", 2];
  /** Arguments: mostly valid, with at least one hostile value. */
  const argsFor = (arity) => {
    const args = Array.from({ length: arity + (random() < 0.1 ? 2 : 0) }, () => (random() < 0.4 ? pick(valid) : pick(values)));
    if (arity > 0) args[Math.floor(random() * arity)] = pick(values);
    return args;
  };
  const describe = (args) => args.map((a) => (typeof a === "string" ? `string(${a.length})` : typeof a)).join(", ");
  const timed = (label, f) => {
    const t0 = performance.now();
    let thrown = null;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    // Reading a document copies its text into wasm first: a megabyte of it
    // takes tens of ms (the README's loading figures); every other call is
    // held to `slowMs`.
    const limit = /new Gate\(string\(\d{6,}\)|update\(string\(\d{6,}\)/.test(label) ? 10 * slowMs : slowMs;
    if (ms > limit) failures.push(`${label}: took ${ms.toFixed(1)} ms`);
    if (thrown !== null) {
      let name;
      try {
        name = thrown?.name;
      } catch {
        name = "?";
      }
      // A function template is the caller's own code: its errors are its own.
      const own = label.startsWith("formatTemplate(function") || label.startsWith("preview(object, function");
      if (!DOCUMENTED.has(name) && !own) failures.push(`${label}: threw ${name}: ${String(thrown?.message ?? thrown).slice(0, 200)}`);
    }
    return thrown;
  };
  for (let i = 0; i < calls && failures.length < 20; i++) {
    const e = entries[Math.floor(random() * entries.length)];
    const [label, mod, , fresh, isLite] = e;
    const r = random();
    if (r < 0.8) {
      const [name, arity, changes] = pick(METHODS);
      if (typeof e[2][name] !== "function") continue;
      const args = argsFor(arity);
      const thrown = timed(`${label} gate.${name}(${describe(args)})`, () => {
        const out = e[2][name](...args);
        if (name === "can" || name.startsWith("can")) {
          if (typeof out !== "boolean" && name !== "canMany") throw new Error(`${name} answered ${typeof out}, not a boolean`);
        }
        if (name.startsWith("explain") && (typeof out?.allowed !== "boolean" || typeof out?.code !== "string")) throw new Error(`${name} answered no explanation`);
        if (name === "subscribe" && typeof out === "function") out();
      });
      if (changes && thrown === null) {
        // A call that may change the gate and did not refuse: start afresh.
        e[2].dispose();
        e[2] = new mod.Gate();
        continue;
      }
    } else if (r < 0.87) {
      const args = argsFor(2);
      timed(`${label} new Gate(${describe(args)})`, () => new mod.Gate(...args).dispose());
    } else if (r < 0.92 && !isLite) {
      const args = argsFor(1);
      timed(`presetDocument(${describe(args)})`, () => full.presetDocument(...args));
    } else if (review && !isLite && r < 0.94) {
      // teamgate/review on this gate: the gate as one argument, the rest random.
      const [name, arity] = pick([["effectOf", 3], ["preview", 3], ["runTests", 2], ["verify", 2], ["guard", 2]]);
      const args = argsFor(arity);
      if (random() < 0.7) args[0] = e[2];
      const thrown = timed(`${name}(${describe(args)})`, () => review[name](...args));
      if (name === "guard" && thrown === null) {
        // A guard took: edits are now refused by rules, so start afresh.
        e[2].dispose();
        e[2] = new mod.Gate();
        continue;
      }
    } else if (r < 0.96) {
      const args = argsFor(2);
      const f = pick([filters.chatFilterToSql, filters.chatFilterToPrisma]);
      timed(`${f.name}(${describe(args)})`, () => f(...args));
    } else {
      const args = argsFor(2);
      const f = pick([messages.translate, messages.formatTemplate]);
      timed(`${f.name}(${describe(args)})`, () => f(...args));
    }
    const now = probe(e[2], isLite);
    if (now !== fresh) {
      failures.push(`${label}: answers changed after call ${i}: ${now.slice(0, 300)} vs ${fresh.slice(0, 300)}`);
      e[2].dispose();
      e[2] = new mod.Gate();
    }
  }
  return { calls, failures, slowest };
}
