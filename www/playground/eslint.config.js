// The playground is linted with the package's rules (js/eslint.config.js).
export { default } from "../../js/eslint.config.js";
