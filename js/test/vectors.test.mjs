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
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  assert.deepEqual(files, [...VECTOR_FILES].sort());
});
