// The golden vectors through the built package, in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as teamgate from "../../pkg/node.js";
import { runAllVectors, VECTOR_FILES } from "./run-vectors.mjs";

const dir = new URL("../../tests/vectors/", import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, dir), "utf8"));

test("golden vectors give the native answers through the npm package", async () => {
  const { cases, failures } = await runAllVectors(load, teamgate);
  assert.ok(cases > 200, `only ${cases} cases ran`);
  assert.deepEqual(failures, []);
});

test("every vector file is run", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "errors.json").sort();
  assert.deepEqual(files, [...VECTOR_FILES].sort());
});

/** The document of one error case (tests/vectors/errors.json: `base` changed as the case says), as text. */
function errorCaseText(base, c) {
  if (typeof c.text === "string") return c.text;
  const doc = structuredClone(base);
  const at = (pointer) => pointer.split("/").slice(1).reduce((v, k) => v[k], doc);
  const split = (pointer) => [pointer.slice(0, pointer.lastIndexOf("/")), pointer.slice(pointer.lastIndexOf("/") + 1)];
  for (const [pointer, v] of Object.entries(c.set ?? {})) {
    const [parent, key] = split(pointer);
    at(parent)[key] = v;
  }
  for (const [pointer, v] of Object.entries(c.push ?? {})) at(pointer).push(v);
  for (const pointer of c.remove ?? []) {
    const [parent, key] = split(pointer);
    delete at(parent)[key];
  }
  const text = JSON.stringify(doc);
  return c.replace ? text.replace(c.replace[0], c.replace[1]) : text;
}

test("golden error cases give the native problems through the npm package", () => {
  const file = load("errors.json");
  assert.ok(file.cases.length >= 30);
  const failures = [];
  file.cases.forEach((c, i) => {
    let err;
    try {
      new teamgate.Gate(errorCaseText(file.base, c));
    } catch (e) {
      err = e;
    }
    if (!(err instanceof teamgate.PolicyError)) return failures.push(`case ${i} (${c.code}): ${err ? err : "accepted"}`);
    const p = err.problems.find((x) => x.code === c.code && x.path === c.path);
    const hint = p?.hint ?? "";
    const bad =
      p === undefined ||
      p.message.length === 0 ||
      p.message.includes("\n") ||
      (c.hint !== undefined && hint !== c.hint) ||
      (c.hint_contains !== undefined && !hint.includes(c.hint_contains)) ||
      (c.only === true && err.problems.length !== 1);
    if (bad) failures.push(`case ${i} (${c.code} at ${c.path}): ${JSON.stringify(err.problems)}`);
  });
  assert.deepEqual(failures, []);
});
