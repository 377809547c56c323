import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

// `teamgate` is the package built into ../../pkg (scripts/build-pkg.sh).
const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^teamgate\/react$/, replacement: pkg + "react.js" },
      { find: /^teamgate$/, replacement: pkg + "index.js" },
      { find: /^teamgate\/lite$/, replacement: pkg + "lite.js" },
    ],
    dedupe: ["react", "react-dom"],
  },
  server: { fs: { allow: [".", pkg] }, proxy: { "/api": "http://127.0.0.1:8080" } },
  build: { target: "es2022" },
});
