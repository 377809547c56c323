// No configuration is needed for teamgate: its Node entry carries its wasm
// inside a JS module, which Next bundles like any other.
/** @type {import('next').NextConfig} */
const config = {};
export default config;
