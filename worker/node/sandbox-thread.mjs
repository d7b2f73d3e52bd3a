// Starts a sandbox worker_thread: TypeScript is loaded through tsx inside the thread
// (`execArgv: ["--import", "tsx"]` does not work for workers; see the QuickJS reference, §7).
import { register } from "tsx/esm/api";

register();
await import("./sandbox-thread-entry.ts");
