// Starts the debug-build fuzz worker: TypeScript is loaded through tsx inside the thread.
import { register } from "tsx/esm/api";

register();
await import("./fuzz-debug-worker.ts");
