// Chat filters through the npm package (`teamgate`, the server's entry):
// `memberChatFilter` and `chatFilter` equal `canMember` / `can` scope by
// scope for every member,
// role, number, action and plan of the golden policies; `chatFilterToSql`,
// run by a real SQLite (sql.js) with both placeholder styles, and
// `chatFilterToPrisma`, run by an evaluator of Prisma's documented `where`
// semantics, select exactly the chats the member may act on, over random
// chat tables; bad arguments never throw from the gate and are TypeErrors
// from the renderers.
import { test } from "node:test";
import assert from "node:assert/strict";
import initSqlJs from "sql.js";
import { Gate, presetDocument } from "../../pkg/node.js";
import { chatFilterToPrisma, chatFilterToSql } from "../../pkg/filters.js";
import { policies } from "./policies.mjs";

const SCOPES = ["pending", "mine", "others"];
const scopeOf = (assignee, me) => (assignee === null ? "pending" : assignee === me ? "mine" : "others");

/** Prisma's `where` on one record, for the operators the renderer writes (equals, `not`, AND, OR, NOT). */
function prismaMatches(where, record) {
  return Object.entries(where).every(([key, cond]) => {
    if (key === "AND") return (Array.isArray(cond) ? cond : [cond]).every((w) => prismaMatches(w, record));
    if (key === "OR") return cond.some((w) => prismaMatches(w, record));
    if (key === "NOT") return (Array.isArray(cond) ? cond : [cond]).every((w) => !prismaMatches(w, record));
    const value = record[key];
    if (cond !== null && typeof cond === "object") {
      // `{ not: x }`: SQL semantics, as Prisma generates them: NULL never equals.
      return Object.entries(cond).every(([op, x]) => {
        if (op === "not") return x === null ? value !== null : value !== null && value !== x;
        if (op === "equals") return x === null ? value === null : value === x;
        throw new Error(`operator ${op} not modelled`);
      });
    }
    return cond === null ? value === null : value === cond;
  });
}

/** A small deterministic generator. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

test("memberChatFilter and chatFilter are canMember and can, scope by scope, for every question of the golden policies", () => {
  let asked = 0;
  for (const [name, doc] of policies(presetDocument)) {
    const gate = new Gate(doc);
    const members = [...(doc.members ?? []).map((m) => m.id), "ghost"];
    const numbers = [...gate.numbers, "nowhere"];
    const actions = [...gate.actions, "chats.ghost"];
    for (const action of actions) {
      const scoped = gate.capabilities(gate.roles[0])?.actions.find((a) => a.action === action)?.scoped;
      for (const number of numbers) {
        for (const member of members) {
          const f = gate.memberChatFilter(member, number, action);
          const want = scoped
            ? Object.fromEntries(SCOPES.map((s) => [s, gate.scopes.includes(s) && gate.canMember(member, number, action, s)]))
            : Object.fromEntries(SCOPES.map((s) => [s, gate.canMember(member, number, action)]));
          assert.deepEqual({ ...f }, want, `${name}: ${member} ${number} ${action}`);
          asked += 1;
        }
        for (const role of [...gate.roles, "ghost"]) {
          const f = gate.chatFilter(role, action, number === "nowhere" ? undefined : number);
          const n = number === "nowhere" ? undefined : number;
          const want = scoped
            ? Object.fromEntries(SCOPES.map((s) => [s, gate.scopes.includes(s) && gate.can(role, action, s, n)]))
            : Object.fromEntries(SCOPES.map((s) => [s, gate.can(role, action, undefined, n)]));
          assert.deepEqual({ ...f }, want, `${name}: ${role} ${action} ${n}`);
          asked += 1;
        }
      }
    }
    gate.dispose();
  }
  assert.ok(asked > 5000, `only ${asked} questions`);
});

test("the SQL (run by SQLite) and the Prisma object select exactly the chats the member may act on", async () => {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run("CREATE TABLE chats (id INTEGER PRIMARY KEY, number TEXT NOT NULL, assignee TEXT)");
  const random = rng(7);
  let checked = 0;
  for (const [name, doc] of policies(presetDocument)) {
    const gate = new Gate(doc);
    const members = [...(doc.members ?? []).map((m) => m.id), "ghost"];
    const people = [null, ...members, "stranger"];
    const numbers = [...gate.numbers, "elsewhere"];
    db.run("DELETE FROM chats");
    const chats = Array.from({ length: 30 }, (_, id) => ({ id, number: numbers[Math.floor(random() * numbers.length)], assignee: people[Math.floor(random() * people.length)] }));
    for (const c of chats) db.run("INSERT INTO chats VALUES (?, ?, ?)", [c.id, c.number, c.assignee]);
    for (const action of gate.actions.filter((a) => a.startsWith("chats.") || random() < 0.2)) {
      for (const number of gate.numbers) {
        for (const me of members) {
          const f = gate.memberChatFilter(me, number, action);
          const want = chats.filter((c) => c.number === number && f[scopeOf(c.assignee, me)]).map((c) => c.id);
          // The filter is the engine's decision per chat.
          const scoped = gate.capabilities(gate.roles[0])?.actions.find((a) => a.action === action)?.scoped;
          const decided = chats.filter((c) => c.number === number && (scoped ? gate.canMember(me, number, action, scopeOf(c.assignee, me)) : gate.canMember(me, number, action))).map((c) => c.id);
          assert.deepEqual(want, decided, `${name}: ${me} ${number} ${action}`);
          for (const [placeholder, first] of [["$", "$1"], ["?", "?"]]) {
            const { sql, params } = chatFilterToSql(f, { column: "assignee", me, placeholder, start: 2 });
            const stmt = db.prepare(`SELECT id FROM chats WHERE number = ${first} AND ${sql} ORDER BY id`);
            stmt.bind([number, ...params]);
            const got = [];
            while (stmt.step()) got.push(stmt.get()[0]);
            stmt.free();
            assert.deepEqual(got, want, `${name}: ${me} ${number} ${action} ${sql}`);
          }
          const where = chatFilterToPrisma(f, { field: "assignee", me });
          const prisma = chats.filter((c) => c.number === number && prismaMatches(where, c)).map((c) => c.id);
          assert.deepEqual(prisma, want, `${name}: ${me} ${number} ${action} ${JSON.stringify(where)}`);
          checked += 1;
        }
      }
    }
    gate.dispose();
  }
  db.close();
  assert.ok(checked > 500, `only ${checked} filters`);
});

test("bad arguments: the gate answers no chat, the renderers throw TypeErrors that say what to pass", () => {
  const gate = new Gate();
  const hostile = [undefined, null, 0, 1n, Symbol("s"), {}, [], { toString() { throw new Error("boom"); } }, "x".repeat(100_000)];
  for (const x of hostile) {
    for (const args of [[x, "chats.read", "main"], ["agent", x, "main"], ["agent", "chats.read", x]]) {
      const f = gate.chatFilter(...args);
      if (args[2] === x && (x === undefined || x === null)) continue; // no number: the role defaults
      assert.deepEqual({ ...f }, { pending: false, mine: false, others: false });
    }
    for (const args of [[x, "main", "chats.read"], ["alex", x, "chats.read"], ["alex", "main", x]]) {
      assert.deepEqual({ ...gate.memberChatFilter(...args) }, { pending: false, mine: false, others: false });
    }
  }
  assert.ok(gate.can("agent", "chats.read", "mine", "main"), "the gate answers as before");
  const all = { pending: true, mine: true, others: true };
  for (const column of ["", "a b", "a;--", "1a", "a.b.c", "x".repeat(200), null, 3]) {
    assert.throws(() => chatFilterToSql(all, { column, me: "m" }), (e) => e instanceof TypeError && /plain SQL identifier/.test(e.message));
  }
  for (const bad of [null, {}, { pending: 1, mine: 0, others: 0 }, "all"]) {
    assert.throws(() => chatFilterToSql(bad, { column: "assignee", me: "m" }), TypeError);
    assert.throws(() => chatFilterToPrisma(bad, { field: "assignee", me: "m" }), TypeError);
  }
  assert.throws(() => chatFilterToSql({ pending: false, mine: true, others: false }, { column: "assignee", me: 7 }), TypeError);
  assert.throws(() => chatFilterToSql(all, { column: "assignee", me: "m", placeholder: ":" }), TypeError);
  assert.deepEqual(chatFilterToSql({ pending: false, mine: false, others: false }, { column: "assignee", me: "m" }), { sql: "1 = 0", params: [] });
  assert.deepEqual(chatFilterToPrisma(all, { field: "assigneeId", me: "m" }), {});
  assert.deepEqual(chatFilterToPrisma({ pending: false, mine: false, others: false }, { field: "assigneeId", me: "m" }), { OR: [] });
});
