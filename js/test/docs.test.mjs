// The docs as a contract: figures come from generated files, and every
// link of the README and the docs leads somewhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { bodyOf, docs, published, sections } from "../../bench/publish.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pages = ["README.md", "js/PACKAGE.md", "tests/vectors/README.md", ...docs()];
const read = (file) => readFileSync(join(root, file), "utf8");

test("every generated section of the README and the docs is its results file, as the benchmark wrote it", () => {
  let n = 0;
  for (const doc of published()) {
    for (const { file, body } of sections(read(doc))) {
      assert.ok(existsSync(join(root, file)), `${doc}: ${file} is missing`);
      assert.equal(body, bodyOf(file), `${doc}: the section from ${file} was edited by hand, or the run did not publish it`);
      n += 1;
    }
  }
  assert.ok(n >= 6, `${n} generated sections`);
  assert.ok(sections(read("README.md")).some((x) => x.file === "bench/GOALS.md"), "the README shows the goals of the last run");
});

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as hyphens. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
const anchors = (text) => new Set([...text.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

test("every relative link of the README and the docs leads to a file, and to a heading of it", () => {
  let n = 0;
  for (const page of pages) {
    const text = read(page).replace(/```[\s\S]*?```/g, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [path, anchor] = target.split("#");
      const file = path === "" ? page : normalize(join(dirname(page), path));
      assert.ok(existsSync(join(root, file)), `${page}: ${target} (no ${file})`);
      if (anchor !== undefined) assert.ok(anchors(read(file)).has(anchor), `${page}: ${target} (no heading #${anchor} in ${file})`);
      n += 1;
    }
  }
  assert.ok(n >= 30, `${n} links`);
});

test("the README is a front door: short, the two commands, and a link to every page of docs/", () => {
  const readme = read("README.md");
  assert.ok(readme.split("\n").length <= 250, `${readme.split("\n").length} lines`);
  assert.match(readme, /bash scripts\/demo\.sh/);
  assert.match(readme, /bash scripts\/test\.sh/);
  assert.match(read(".ci/run"), /exec bash scripts\/test\.sh\n/, "CI runs exactly the README's test command");
  for (const doc of docs()) assert.ok(readme.includes(`](${doc})`), `the README links ${doc}`);
});
