/// <reference lib="esnext.disposable" preserve="true" />
/** amplifier-edge: the public API of the kernel. */

export * from "./approval.ts";
export { type CancellationState, CancellationToken } from "./cancellation.ts";
export type * from "./contracts.ts";
export { type CoordinatorWarning, ModuleCoordinator, type ModuleCoordinatorOptions } from "./coordinator.ts";
export {
  describeError,
  formatIssuePath,
  type Issue,
  KernelError,
  type KernelErrorCode,
  type KernelErrorData,
  type Result,
} from "./errors.ts";
export * as events from "./hooks/events.ts";
export * from "./hooks/events.ts";
export {
  type EventObserver,
  type HookHandlerFailure,
  HookRegistry,
  type HookRegistryOptions,
  INVALID_RESPONSE_REASON,
  mergeInjections,
} from "./hooks/registry.ts";
export { formatIssue, type IssuePath, issuesError, issuesFromZod, prefixIssues } from "./issues.ts";
export {
  type ClassifyOptions,
  type ComputeDelayOptions,
  classify_error_message,
  compute_delay,
  RetryConfig,
  type RetryConfigInit,
  type RetryWithBackoffOptions,
  retry_with_backoff,
} from "./llm-retry.ts";
export {
  detectModuleType,
  type LoadedMount,
  type LoadRequest,
  ModuleLoader,
  type ModuleLoaderOptions,
} from "./loader.ts";
export * from "./models/index.ts";
export * from "./modules/index.ts";
export { MountPoints, type MountRecord, MULTI_MOUNT_POINTS, SINGLE_MOUNT_POINTS } from "./mount-points.ts";
export * from "./plan/index.ts";
export { redactConfig } from "./redact.ts";
export {
  type CreateSessionOptions,
  createSession,
  type ExecuteOptions,
  type FailedModule,
  type ParentSession,
  type RecordedHookFailure,
  Session,
  type SessionStatusReport,
} from "./session.ts";
export * from "./storage/index.ts";
export * from "./validation/index.ts";
