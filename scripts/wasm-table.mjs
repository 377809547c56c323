// Usage: node scripts/wasm-table.mjs MODULE_bg.wasm MODULE.js
//
// Points the function-table entries that nothing in a wasm-bindgen module
// can call at one stub that traps, so that `wasm-opt` then drops the
// functions (run between wasm-bindgen and wasm-opt; scripts/build-pkg.sh,
// bench/bytes.mjs). Hand-written because no tool does it: wasm-bindgen
// leaves in the table the closure shims its describe step took the address
// of, and js-sys's JSPI task waker, and wasm-opt keeps every function a table
// holds (the table is private, but `call_indirect` could reach any entry).
// They are reachable only through JS closures and JSPI tasks, which the
// glue must then support: when it does (or the table is not laid out as
// expected), this refuses rather than guess. teamgate/lite is 0.5 KB
// (brotli) smaller; the tests of pkg/ (golden vectors, boundary property)
// run on the result in Node, Chromium and WebKit.
import { readFileSync, writeFileSync } from "node:fs";
import binaryen from "../js/node_modules/binaryen/index.js";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/wasm-table.mjs MODULE_bg.wasm MODULE.js");
  process.exit(2);
}
const fail = (why) => {
  console.error(`wasm-table: ${wasmPath}: ${why}`);
  process.exit(1);
};

/** What only JS closures and JSPI tasks can call (by the names wasm-bindgen keeps). */
const UNREACHABLE = /^(wasm_bindgen::convert::closures::_::invoke::|js_sys::futures::jspi::)/;
const STUB = "__teamgate_unreachable";

if (/closure|promising|jspi/i.test(readFileSync(gluePath, "utf8"))) {
  fail("its glue passes closures or JSPI tasks to JS: their table entries are needed");
}
const module = binaryen.readBinary(new Uint8Array(readFileSync(wasmPath)));
if (module.getNumElementSegments() !== 1 || module.getNumTables() < 1) fail("expected one element segment");
const info = binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(0));
const offset = binaryen.getExpressionInfo(info.offset);
if (offset.id !== binaryen.ConstId || typeof offset.value !== "number") fail("expected a constant table offset");
for (let i = 0; i < module.getNumExports(); i++) {
  const e = binaryen.getExportInfo(module.getExportByIndex(i));
  if (e.kind === binaryen.ExternalTable && e.value === info.table) fail("its function table is exported");
}
const dead = info.data.filter((f) => UNREACHABLE.test(f)).length;
if (dead > 0) {
  module.addFunction(STUB, binaryen.none, binaryen.none, [], module.unreachable());
  module.removeElementSegment(info.name);
  const data = info.data.map((f) => (UNREACHABLE.test(f) ? STUB : f));
  module.addActiveElementSegment(info.table, info.name, data, module.i32.const(offset.value));
  if (!module.validate()) fail("the module did not validate after the change");
  binaryen.setDebugInfo(true); // keep the names (bench/bytes.mjs reads them; wasm-opt drops them)
  writeFileSync(wasmPath, module.emitBinary());
}
console.log(`wasm-table: ${dead} of ${info.data.length} table entries point at the stub`);
