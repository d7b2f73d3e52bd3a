/// <reference lib="esnext.disposable" preserve="true" />
/**
 * amplifier-edge/node: sandboxes and storage for Node (≥ 22). Each sandboxed module runs in its own
 * worker_thread; sessions can be kept in a directory. The kernel itself is `amplifier-edge`.
 *
 * @example
 * import { createSession } from "amplifier-edge";
 * import { createNodeSandboxes } from "amplifier-edge/node";
 * await using sandboxes = await createNodeSandboxes();
 * const session = await createSession(plan, { sandbox: sandboxes.loader });
 */
export { createFileStore } from "./file-store.ts";
export { createNodeSandboxes, type NodeSandboxOptions } from "./node-sandbox.ts";
export { loadQuickJSWasm } from "./quickjs-wasm.ts";
export { type NodeSandboxThreadOptions, nodeSandboxThreads } from "./sandbox-thread.ts";
