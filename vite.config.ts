import { defineConfig } from "vite";

// Shared by the demo build, Vitest's browser project and the unit project.
export default defineConfig({
  root: "demo",
  worker: { format: "es" },
  build: { target: "es2022", outDir: "../dist/demo", emptyOutDir: true },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  // Deps used only inside Web Workers are pre-bundled up front so Vite does not find them mid-test.
  optimizeDeps: {
    include: ["comlink", "idb", "zod", "yaml", "@cfworker/json-schema"],
    exclude: ["quickjs-emscripten-core", "@jitl/quickjs-wasmfile-release-sync", "@jitl/quickjs-wasmfile-debug-sync"],
  },
});
