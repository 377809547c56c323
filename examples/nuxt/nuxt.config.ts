// No configuration is needed for teamgate: its Node entry carries its wasm
// inside a JS module, so Nitro may keep it external or bundle it.
export default defineNuxtConfig({
  compatibilityDate: "2026-11-01",
  devtools: { enabled: false },
  telemetry: false,
});
