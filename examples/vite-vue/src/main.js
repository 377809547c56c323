// Vite + Vue: the plugin with a gate made at once (no top-level await); it
// denies everything until its wasm has loaded, then the screen re-renders.
import { createApp } from "vue";
import { Gate, init } from "teamgate";
import { createGate } from "teamgate/vue";
import { de } from "teamgate/messages";
import App from "./App.vue";

const params = new URLSearchParams(location.search);
const role = params.get("role") ?? "agent";
const gate = new Gate("team-inbox");
init();

createApp(App, { gate, role })
  .use(createGate({ gate, role, number: "main", messages: params.get("lang") === "de" ? de : undefined }))
  .mount("#app");
