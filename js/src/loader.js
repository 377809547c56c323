// Loading one wasm module (each entry has its own): once, asynchronously or
// synchronously, telling the gates made before it was ready.

/**
 * The loading state of one wasm module (each entry has its own) and the
 * functions each entry exports for it:
 * - `init(input)` loads it (once): browsers fetch the `.wasm` file next to
 *   the entry unless `input` says otherwise (a URL, a Response, bytes or a
 *   WebAssembly.Module); the Node entries initialise on import;
 * - `initSync(module)` loads it synchronously from bytes or a compiled module;
 * - `isReady()`: whether it is loaded;
 * - `memoryBytes()`: bytes of its linear memory (for leak checks and diagnostics).
 */
export function wasmLoader(initWasm, initWasmSync) {
  // Gates made before the module was ready, to build and notify once it is.
  const waiting = new Set();
  const becameReady = () => {
    for (const gate of [...waiting]) gate._becameReady();
    waiting.clear();
  };
  const state = {
    ready: false,
    exports: null,
    loading: null,
    /** Calls `gate._becameReady()` once the module is loaded. */
    whenReady(gate) {
      waiting.add(gate);
    },
    init(input) {
      if (state.ready) return Promise.resolve();
      if (state.loading === null) {
        state.loading = initWasm(input === undefined ? undefined : { module_or_path: input }).then(
          (wasm) => {
            state.exports = wasm;
            state.ready = true;
            becameReady();
          },
          (err) => {
            state.loading = null;
            throw err;
          },
        );
      }
      return state.loading;
    },
    initSync(module) {
      if (!state.ready) {
        state.exports = initWasmSync({ module });
        state.ready = true;
        becameReady();
      }
    },
    memoryBytes() {
      return state.exports === null ? 0 : state.exports.memory.buffer.byteLength;
    },
    isReady() {
      return state.ready;
    },
  };
  return state;
}
