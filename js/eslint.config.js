// The JS lint of the package's sources, their tests and the demo app
// (www/app/eslint.config.js re-exports this file): ESLint's recommended
// rules, modules, and the globals each kind of file has.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "dist/", "**/*.tmp/", "**/*.tmp.mjs", "test/types/", "test/types-registered/"] },
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // `_name`: deliberately unused (a parameter kept for its position).
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs" } },
];
