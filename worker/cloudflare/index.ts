/// <reference lib="esnext.disposable" preserve="true" />
/**
 * amplifier-edge/cloudflare: the Cloudflare service. The default export and `SessionObject` are
 * the Worker that `wrangler dev` and `wrangler deploy` run (built-in modules, `SESSIONS` and
 * `ARCHIVE` bindings; `worker.ts`, the wrangler entry, re-exports them); `createAmplifierWorker`
 * builds the same service with your own options.
 */
import { createAmplifierWorker } from "./create-worker.ts";
import type { AmplifierEnv } from "./options.ts";

export type { ApprovalBroker } from "./approvals.ts";
export { type AmplifierWorker, createAmplifierWorker } from "./create-worker.ts";
export { defaultCloudflareModules } from "./default-modules.ts";
export {
  ApiError,
  type ApiErrorBody,
  type ApiErrorCode,
  type ApiErrorStatus,
  type HttpErrorCode,
  statusOf,
} from "./http-error.ts";
export { contentHash, moduleSourceKey, type StoredModuleSource } from "./module-sources.ts";
export type { AmplifierEnv, AmplifierWorkerOptions } from "./options.ts";
export { loadQuickJSWasm } from "./quickjs-wasm.ts";
export { ARCHIVE_PREFIX, type SessionObjectInstance, type SessionStatus } from "./session-object.ts";

const worker = createAmplifierWorker();

/** The session Durable Object of the default Worker (`class_name = "SessionObject"`). */
export class SessionObject extends worker.SessionObject {}

export default {
  fetch: worker.fetch,
} satisfies ExportedHandler<AmplifierEnv>;
