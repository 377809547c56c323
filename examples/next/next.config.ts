// As create-next-app writes it today (Cache Components on). Nothing here
// for teamgate: its Node entry carries its wasm inside a JS module, and its
// edge entry (middleware) imports the .wasm as a module; Next bundles both.
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
};

export default nextConfig;
