/// <reference lib="esnext.disposable" preserve="true" />
/**
 * amplifier-edge/web: run the kernel and its sandboxes in a module Web Worker, driven from the page.
 *
 * @example
 * import { connectWorker, startHostWorker } from "amplifier-edge/web";
 * await using client = await connectWorker(startHostWorker(), { onApproval: (request) => askUser(request) });
 * const session = await client.createSession(planYaml, { title: "Demo" });
 * await session.execute("What is 6 * 7?", { onEvent: (event) => timeline.add(event) });
 */
export { formatIssuePath, type Issue, KernelError, type KernelErrorCode, type Result } from "../../src/errors.ts";
export {
  type EventData,
  isEvent,
  type KernelEventMap,
  type KnownEventName,
} from "../../src/hooks/event-data.ts";
export {
  type ChatTransportRequest,
  createWebChatTransport,
  type WebChatTransport,
} from "./chat-transport.ts";
export type {
  ApprovalContext,
  ApprovalDefault,
  ApprovalHandler,
  ApprovalRequest,
  CompactionFigures,
  ConnectOptions,
  CreateWebSessionOptions,
  HookFireReport,
  HookHandlerTrace,
  InspectedHook,
  InspectedTool,
  KernelErrorData,
  LastRequest,
  LastResponse,
  Message,
  ModuleCheckOptions,
  ModuleInspection,
  ModuleType,
  MountPlanInput,
  PermissionGrant,
  RequestedCapability,
  ResumeWebSessionOptions,
  SessionExport,
  SessionInfo,
  SessionStatusReport,
  ToolCallReport,
  ValidationCheck,
  ValidationReport,
  WebClient,
  WebEvent,
  WebEventListener,
  WebExecuteOptions,
  WebModuleSource,
  WebProbeOptions,
  WebSession,
  WebSessionInfo,
  WebToolInfo,
} from "./client-types.ts";
export { connectWorker } from "./connect.ts";
export type { WorkerHost, WorkerHostOptions } from "./host.ts";
export { describePermissions, riskyPermissions } from "./permissions.ts";
export { createWorkerHost, serveWorkerHost } from "./serve.ts";

/**
 * Starts the ready-made host worker (`host-worker.ts`: every built-in module, IndexedDB, QuickJS).
 * Hand it to {@link connectWorker}; `client.dispose()` terminates it.
 */
export function startHostWorker(): Worker {
  return new Worker(new URL("./host-worker.ts", import.meta.url), { type: "module", name: "amplifier-edge host" });
}
