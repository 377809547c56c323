export * from "./lite.js";
