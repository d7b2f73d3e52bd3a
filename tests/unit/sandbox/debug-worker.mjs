// Starts the debug-build scenario worker: TypeScript is loaded through tsx inside the thread.
import { register } from "tsx/esm/api";

register();
await import("./debug-worker.ts");
