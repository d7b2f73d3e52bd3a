import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Shared by the demo build, Vitest's browser project and the unit project.
export default defineConfig({
  root: "demo",
  // Relative asset URLs: the built playground works from any static host and any sub-path.
  base: "./",
  resolve: {
    // The package's public subpaths, resolved to source so the demo and tests use the public API.
    alias: {
      "amplifier-edge/sandbox": here("./sandbox/index.ts"),
      "amplifier-edge/testing": here("./src/testing/index.ts"),
      "amplifier-edge/web": here("./worker/web/index.ts"),
      "amplifier-edge/cloudflare": here("./worker/cloudflare/index.ts"),
      "amplifier-edge/mcp": here("./src/mcp-serve/index.ts"),
      "amplifier-edge": here("./src/index.ts"),
    },
  },
  worker: { format: "es" },
  build: { target: "es2022", outDir: "../dist/demo", emptyOutDir: true },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  // Deps used only inside Web Workers are pre-bundled up front so Vite does not find them mid-test.
  optimizeDeps: {
    include: [
      "comlink",
      "idb",
      "zod",
      "yaml",
      "@cfworker/json-schema",
      "eventsource-parser",
      "@modelcontextprotocol/sdk/client/index.js",
      "@modelcontextprotocol/sdk/client/sse.js",
      "@modelcontextprotocol/sdk/client/streamableHttp.js",
      "@modelcontextprotocol/sdk/types.js",
      "@modelcontextprotocol/sdk/validation/cfworker",
      // `ai`: the browser tests drive the AI SDK's own chat (found late, it would reload the page mid-run).
      "ai",
    ],
    exclude: ["quickjs-emscripten-core", "@jitl/quickjs-wasmfile-release-sync", "@jitl/quickjs-wasmfile-debug-sync"],
  },
});
