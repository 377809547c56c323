// No configuration is needed for teamgate: its Node entry carries its wasm
// inside a JS module, so Nitro may keep it external or bundle it.
export default defineNuxtConfig({
  compatibilityDate: "2026-11-01",
  devtools: { enabled: false },
  telemetry: false,
  // For people, not for teamgate: the page's language and title.
  app: { head: { htmlAttrs: { lang: "en" }, title: "teamgate on Nuxt" } },
});
