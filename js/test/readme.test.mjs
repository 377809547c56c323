// The README's and the docs' JavaScript examples run as written, against
// the built package; every TypeScript and JavaScript example compiles; the
// example files shown are the files the examples test runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The markdown files whose examples are checked: the README, the package's README, every page of docs/. */
const MARKDOWN = ["../../README.md", "../PACKAGE.md", ...readdirSync(new URL("../../docs/", import.meta.url)).filter((f) => f.endsWith(".md")).map((f) => `../../docs/${f}`)];

/** Runs the first ```js block after `heading` in `file`, importing pkg/'s Node entries; returns its output. */
function runExample(markdown, heading) {
  const readme = readFileSync(new URL(markdown, import.meta.url), "utf8");
  assert.ok(readme.includes(heading), heading);
  const code = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(heading)))[1];
  assert.match(code, /from "teamgate(\/lite|\/review)?"/);
  const file = fileURLToPath(new URL("../readme-example.tmp.mjs", import.meta.url));
  writeFileSync(
    file,
    code
      .replace('from "teamgate/lite"', 'from "../pkg/lite-node.js"')
      .replace('from "teamgate/review"', 'from "../pkg/review-node.js"')
      .replace('from "teamgate"', 'from "../pkg/node.js"'),
  );
  try {
    return execFileSync(process.execPath, [file], { encoding: "utf8" });
  } finally {
    rmSync(file, { force: true });
  }
}

test("the README's tour runs against pkg/ and prints what its comments say", () => {
  const out = runExample("../../README.md", "## A 30-second tour");
  assert.equal(out, "true\nfalse\nrole_lacks_action\nfalse\nnot_subordinate\n");
});

test("the JavaScript page's example runs against pkg/", () => {
  const out = runExample("../../docs/javascript.md", "# JavaScript: browsers and Node");
  assert.match(out, /policy version 2/);
  assert.match(out, /missing_field/);
});

test("the review page's example runs against pkg/ and prints what its comments say", () => {
  const out = runExample("../../docs/review.md", "## What a change does");
  assert.equal(
    out,
    [
      "[",
      "  \"Agent on Main number loses “Delete chats” for unassigned chats and others' chats\"",
      "]",
      "false",
      "[ 'team_permissions' ] [ 'plan `basic` allows 3 `seats`, 5 used' ]",
      "1",
      "false",
      "invariant_broken others",
      "0",
      "",
    ].join("\n"),
  );
});

test("the teamgate/lite page's example runs against pkg/", () => {
  const out = runExample("../../docs/lite.md", "# teamgate/lite: decisions from a snapshot");
  assert.match(out, /lite version 2/);
  assert.match(out, /invalid_snapshot build the gate on the server/);
});

/** Every fenced block of `lang` in a markdown file: `{ code, first }` (`first`: its first line). */
function blocks(file, langs) {
  const text = readFileSync(new URL(file, import.meta.url), "utf8");
  const out = [];
  for (const m of text.matchAll(/```([a-z]+)\n([\s\S]*?)```/g)) {
    if (langs.includes(m[1])) out.push({ lang: m[1], code: m[2], first: m[2].split("\n")[0] });
  }
  return out;
}

/** `// examples/...` or `<!-- examples/... -->` on a block's first line: the file it shows. */
const shownFile = (first) => /^(?:\/\/|<!--) (examples\/\S+?)(?: -->)?$/.exec(first)?.[1];

test("the example files the docs show are the files the examples test builds and runs", () => {
  let shown = 0;
  for (const md of MARKDOWN) {
    for (const b of blocks(md, ["ts", "tsx", "vue", "js"])) {
      const path = shownFile(b.first);
      if (path === undefined) continue;
      const file = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
      assert.equal(b.code.slice(b.first.length + 1), file, `${md}: ${path} differs from the file`);
      shown += 1;
    }
  }
  assert.ok(shown >= 8, `${shown} example files shown`);
});

/** Type-checks `files` (in `dir`) as one program under strict TypeScript; throws tsc's output. */
function compile(dir, files) {
  const from = (url) => `${relative(dir, fileURLToPath(new URL(url, import.meta.url)))}/`;
  const pkg = from("../../pkg/");
  const js = from("../");
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        allowJs: true,
        checkJs: true,
        target: "es2022",
        module: "es2022",
        moduleResolution: "bundler",
        jsx: "react-jsx",
        lib: ["es2022", "dom"],
        types: [],
        paths: {
          teamgate: [`${pkg}index.d.ts`],
          "teamgate/lite": [`${pkg}lite.d.ts`],
          "teamgate/react": [`${pkg}react.d.ts`],
          "teamgate/vue": [`${pkg}vue.d.ts`],
          "teamgate/messages": [`${pkg}messages.d.ts`],
          "teamgate/filters": [`${pkg}filters.d.ts`],
          "teamgate/review": [`${pkg}review.d.ts`],
          // pkg/ has no node_modules: its adapters' peers come from js/'s.
          react: [`${js}node_modules/@types/react/index.d.ts`],
          "react/jsx-runtime": [`${js}node_modules/@types/react/jsx-runtime.d.ts`],
          vue: [`${js}node_modules/vue/dist/vue.d.ts`],
        },
      },
      files,
    }),
  );
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
}

test("every TypeScript and JavaScript example of the READMEs and docs compiles under strict TypeScript", () => {
  const dir = fileURLToPath(new URL("./readme-types.tmp/", import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = [];
  // An example that registers a gate (`declare module "teamgate"`) changes
  // the types of every file of its program: each is checked on its own.
  const registering = [];
  for (const md of MARKDOWN) {
    blocks(md, ["ts", "tsx", "js"]).forEach((b, i) => {
      // Files of the examples are checked where they live (Next's build checks
      // its own under strict); the rest are checked here, each as a module.
      if (shownFile(b.first) !== undefined) return;
      const name = `${md.replace(/^.*\//, "").replace(/\.md$/, "").toLowerCase()}-${i}.${b.lang}`;
      const code = b.code.includes("import ") || b.code.includes("export ") ? b.code : `${b.code}\nexport {};\n`;
      if (b.code.includes('declare module "teamgate"')) {
        registering.push([name, code]);
        return;
      }
      writeFileSync(join(dir, name), code);
      files.push(name);
    });
  }
  assert.ok(files.length >= 10, `${files.length} examples`);
  assert.ok(registering.length >= 1, "the registration example is checked");
  try {
    compile(dir, files);
    for (const [name, code] of registering) {
      const own = join(dir, name.replace(/\.\w+$/, ""));
      mkdirSync(own);
      writeFileSync(join(own, name), code);
      compile(own, [name]);
    }
  } catch (err) {
    assert.fail(`tsc --strict on the README examples:\n${err.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
