// Where the bytes of `teamgate/lite` are: per crate (the wasm's functions,
// grouped by the crate and module their names come from), per question (what
// leaving one question's export out of the wasm saves), and per JS module.
// Usage: bash scripts/build-pkg.sh && node bench/bytes.mjs [--write | --smoke]
// (--write: bench/BYTES.md and its section of docs/benchmarks.md; --smoke:
// one question only, nothing written). Takes a few minutes: each question
// is a build of its own, in a copy of the sources under target/bytes (the
// working tree is never changed).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { publish } from "./publish.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const smoke = process.argv.includes("--smoke");
const work = join(root, "target/bytes");
const bin = (name) => join(root, "js/node_modules/.bin", name);
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const run = (cmd, args, cwd = root, env = process.env) => execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
/** The package's own flags (scripts/wasm-flags.sh), as scripts/build-pkg.sh uses them. */
const flags = (...args) => run("bash", [join(root, "scripts/wasm-flags.sh"), ...args]).trim().split(" ");
const OPT = flags("wasm-opt");

// A copy of the tracked sources (as they are in the working tree), so that
// questions can be cut out of the binding without touching the checkout.
const src = join(work, "src");
rmSync(src, { recursive: true, force: true });
for (const f of run("git", ["ls-files", "-z"]).split("\0").filter(Boolean)) {
  mkdirSync(dirname(join(src, f)), { recursive: true });
  cpSync(join(root, f), join(src, f));
}
const binding = join(src, "bindings/wasm-gate/src/lib.rs");
// The paths in panic locations remapped as scripts/build-pkg.sh does.
const env = { ...process.env, RUSTFLAGS: [process.env.RUSTFLAGS, ...flags("rustflags", src)].filter(Boolean).join(" ") };
const original = readFileSync(binding, "utf8");

/** The lite wasm built from the copy: `{ wasm, glue }` as bytes (wasm optimised, names kept if asked). */
function build(label, names = false) {
  const out = join(work, label);
  rmSync(out, { recursive: true, force: true });
  run("cargo", ["build", "-q", "-p", "teamgate-wasm-lite", "--target", "wasm32-unknown-unknown", "--release", "--locked", "--target-dir", join(work, "target")], src, env);
  run("wasm-bindgen", ["--target", "web", "--out-dir", out, join(work, "target/wasm32-unknown-unknown/release/teamgate_wasm_lite.wasm")]);
  const wasm = join(out, "teamgate_wasm_lite_bg.wasm");
  run("node", [join(root, "scripts/wasm-table.mjs"), wasm, join(out, "teamgate_wasm_lite.js")]);
  run(bin("wasm-opt"), [...OPT, ...(names ? ["-g"] : []), wasm, "-o", wasm]);
  const glue = run(bin("esbuild"), [join(out, "teamgate_wasm_lite.js"), "--minify", "--format=esm", "--log-level=error"]);
  return { wasm: readFileSync(wasm), glue: Buffer.from(glue) };
}

/** The binding's source without the exported method `name` (its docs and attributes too). */
function without(source, names) {
  let s = source;
  for (const name of names) {
    const at = s.search(new RegExp(`\\n    pub fn ${name}\\(`));
    if (at < 0) throw new Error(`bench/bytes: no method ${name} in bindings/wasm-gate`);
    let start = at;
    for (;;) {
      const prev = s.lastIndexOf("\n", start - 1);
      if (!/^ {4}(\/\/\/|#\[)/.test(s.slice(prev + 1, start))) break;
      start = prev;
    }
    const end = s.indexOf("\n    }\n", at) + "\n    }".length;
    s = s.slice(0, start) + s.slice(end);
  }
  return s;
}

// 1. Per crate: the functions of the optimised wasm, by the crate (and, for
// the core, the module) their names start with or are implemented for.
function sections(bytes) {
  let p = 8;
  const leb = () => {
    let r = 0, shift = 0, b;
    do { b = bytes[p++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const out = { code: [], names: new Map(), imports: 0, data: 0 };
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    const end = p + len;
    if (id === 2) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 2; k++) { const l = leb(); p += l; } // module and field names
        const kind = bytes[p++];
        if (kind === 0) { leb(); out.imports++; } else if (kind === 1) { p++; if (bytes[p++] & 1) { leb(); } leb(); } else if (kind === 2) { if (bytes[p++] & 1) { leb(); } leb(); } else p += 2;
      }
    } else if (id === 10) {
      const n = leb();
      for (let i = 0; i < n; i++) { const l = leb(); out.code.push({ index: out.imports + i, bytes: bytes.subarray(p, p + l) }); p += l; }
    } else if (id === 11) {
      out.data = len;
    } else if (id === 0) {
      const nameLen = leb();
      const name = bytes.subarray(p, p + nameLen).toString();
      p += nameLen;
      while (name === "name" && p < end) {
        const sub = bytes[p++];
        const subEnd = leb() + p;
        if (sub === 1) {
          const n = leb();
          for (let i = 0; i < n; i++) { const index = leb(); const l = leb(); out.names.set(index, bytes.subarray(p, p + l).toString()); p += l; }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  return out;
}

const GROUPS = [
  [/teamgate_core::snapshot|Codec|ByteReader|from_snapshot|teamgate_core::tables|teamgate_core::ids|teamgate_core::masks|SortedIds|defaultPreset|fromSnapshot/, "teamgate-core: snapshots and tables (loading a gate)"],
  [/teamgate_core::explain|teamgate_core::decision|Explanation|ReasonParams|teamgate_core::gate/, "teamgate-core: decisions, explanations and reasons"],
  [/teamgate_core::limits|LimitCheck/, "teamgate-core: plan limits"],
  [/teamgate_core::manage|teamgate_core::screens|teamgate_core::edit_checks/, "teamgate-core: who may manage whom, team warnings"],
  [/teamgate_core|teamgate_format/, "teamgate-core and teamgate-format: the rest (policy types, messages)"],
  [/wasmgate_|teamgate_wasm_gate|WasmGate/, "bindings/wasm-gate: the exports (answers serialised for JS)"],
  [/serde_wasm_bindgen|serde_core|serde::/, "serde and serde-wasm-bindgen (answers as JS objects)"],
  [/wasm_bindgen|js_sys|externref|__wbindgen|__wbg/, "wasm-bindgen (the JS boundary)"],
  [/core\[\w+\]::fmt|core::fmt|alloc\[\w+\]::fmt|Display|Formatter|format_inner|fmt::write|panicking/, "Rust's formatting (messages with ids in them)"],
  [/lol_alloc|alloc::|RawVec|hashbrown|core::ptr::drop_in_place|Vec<|String/, "Rust's allocator and collections (allocation, growth, drop)"],
];
const group = (name) => GROUPS.find(([re]) => re.test(name))?.[1] ?? "Rust's core library (iterators, slices, the rest)";

const named = build("named", true);
const parts = sections(named.wasm);
const byGroup = new Map();
for (const f of parts.code) {
  const g = group(parts.names.get(f.index) ?? "");
  const e = byGroup.get(g) ?? { raw: 0, bodies: [] };
  e.raw += f.bytes.length;
  e.bodies.push(f.bytes);
  byGroup.set(g, e);
}
const base = build("base");
const total = { wasm: brotli(base.wasm), glue: brotli(base.glue) };
const codeRaw = [...byGroup.values()].reduce((s, e) => s + e.raw, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let md = `\`teamgate/lite\`'s wasm is ${kb(base.wasm.length)} (${kb(total.wasm)} brotli) and its wasm-bindgen glue ${kb(base.glue.length)} minified (${kb(total.glue)} brotli).\n\n`;
md += `Per crate: the wasm's code by the crate and module its functions are named after (after \`wasm-opt -Oz\`; inlined code counts where it was inlined), with the share of the code; brotli is each group compressed alone, so the column does not add up to the whole.\n\n| where | code | share | brotli alone |\n|---|---|---|---|\n`;
for (const [g, e] of [...byGroup].sort((a, b) => b[1].raw - a[1].raw)) {
  md += `| ${g} | ${kb(e.raw)} | ${((e.raw / codeRaw) * 100).toFixed(0)}% | ${kb(brotli(Buffer.concat(e.bodies)))} |\n`;
}
md += `| data: the embedded default preset (a ${kb(readFileSync(join(root, "presets/team-inbox.snapshot")).length)} snapshot), messages and hints | ${kb(parts.data)} | | |\n`;

// 2. Per question: lite without that export (and what only it uses), in brotli.
const QUESTIONS = [
  ["explain", "`explain` (why a role may or may not)"],
  ["explain_member", "`explainMember`"],
  ["can_member", "`canMember`"],
  ["check_limit", "`checkLimit` (plan limits)"],
  ["explain_edit_permissions", "`explainEditPermissions`"],
  ["explain_assign_role", "`explainAssignRole`"],
  ["capabilities", "`capabilities`"],
  ["team_warnings", "`teamWarnings`"],
  ["members_with_role", "`membersWithRole`"],
  ["member_role", "`memberRole`"],
  ["decide_many", "`prepare(…).run()` (many decisions in one call)"],
];
const every = QUESTIONS.map(([m]) => m);
const sizeWithout = (names) => {
  writeFileSync(binding, without(original, names));
  const b = build("without");
  return brotli(b.wasm) + brotli(b.glue);
};
md += `\nPer question: what \`teamgate/lite\`'s wasm and glue (brotli) would lose without it (built without that export; code other questions share stays).\n\n| question | saves |\n|---|---|\n`;
try {
  for (const [m, what] of smoke ? QUESTIONS.slice(0, 1) : QUESTIONS) {
    const saved = total.wasm + total.glue - sizeWithout([m]);
    // Under 100 bytes is within what brotli and the inliner move by themselves.
    md += `| ${what} | ${saved < 100 ? "< 0.1 KB (its code is shared)" : kb(saved)} |\n`;
  }
  if (!smoke) {
    const decisionsOnly = sizeWithout(every);
    md += `| all of the above: \`can\` and \`allowedScopes\` alone | ${kb(total.wasm + total.glue - decisionsOnly)} (${kb(decisionsOnly)} left) |\n`;
  }
} finally {
  writeFileSync(binding, original);
}

// 3. The JS modules of the bundle an app ships (esbuild's metafile).
run(bin("esbuild"), [join(root, "pkg/lite.js"), "--bundle", "--minify", "--format=esm", `--metafile=${join(work, "meta.json")}`, `--outfile=${join(work, "lite.min.js")}`, "--log-level=error"]);
const metafile = JSON.parse(readFileSync(join(work, "meta.json"), "utf8"));
const inputs = Object.values(metafile.outputs)[0].inputs;
const bundle = readFileSync(join(work, "lite.min.js"));
md += `\nThe JS an app bundles with it (esbuild --minify): ${kb(bundle.length)}, ${kb(brotli(bundle))} brotli.\n\n| module | minified |\n|---|---|\n`;
for (const [path, { bytesInOutput }] of Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
  md += `| ${path.replace(/^.*pkg\//, "")} | ${kb(bytesInOutput)} |\n`;
}

console.log(md);
if (smoke) {
  // Every function of the wasm was named and grouped, and the question's build ran.
  if (parts.names.size < parts.code.length || !/\| `explain`/.test(md)) throw new Error("bench/bytes: the smoke run did not measure");
  console.log("bytes smoke: 1 passed, 0 failed");
} else if (process.argv.includes("--write")) publish("BYTES.md", "Where the bytes of teamgate/lite are", "node bench/bytes.mjs --write", md);
