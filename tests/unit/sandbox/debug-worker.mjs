// Starts the debug-build scenario worker (a test-only entry): TypeScript is loaded through tsx inside the thread.
import { register } from "tsx/esm/api";

register();
await import("./debug-worker.ts");
