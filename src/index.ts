/// <reference lib="esnext.disposable" preserve="true" />
/**
 * amplifier-edge: the kernel. Sessions and their coordinator, the module contracts, the built-in
 * modules, mount plans, stores, validation and the error model. Runtimes are subpaths:
 * `amplifier-edge/web`, `/cloudflare`, `/node`, `/sandbox`; test doubles are `/testing`.
 *
 * @example
 * import { builtinModules, createSession } from "amplifier-edge";
 * const session = createSession(planYaml, { modules: builtinModules });
 * console.log(await session.execute("What is 6 * 7?"));
 */

export type { ApprovalAsker, ApprovalDefault, ApprovalSystem, DisplayLevel, DisplaySystem } from "./approval.ts";
// Sessions, the coordinator, cancellation
export { type CancellationState, CancellationToken } from "./cancellation.ts";
// The module contracts (Amplifier's names)
export type {
  CallOptions,
  Cleanup,
  CompleteOptions,
  ContextManager,
  Coordinator,
  HookHandler,
  HookHandlerReturn,
  HookRegistryContract,
  MessagesForRequestOptions,
  ModuleDefinition,
  ModuleRegistry,
  ModuleResolveContext,
  ModuleSourceResolver,
  ModuleWarning,
  MountedAt,
  MountFunction,
  MountOptions,
  MountPointMap,
  MountResult,
  Orchestrator,
  OrchestratorExecuteOptions,
  Provider,
  RegisterOptions,
  SandboxLoader,
  StreamEvent,
  Tool,
} from "./contracts.ts";
export { type CoordinatorWarning, ModuleCoordinator, type ModuleCoordinatorOptions } from "./coordinator.ts";
// Errors and results
export {
  describeError,
  formatIssuePath,
  type Issue,
  KernelError,
  type KernelErrorCode,
  type KernelErrorData,
  type Result,
} from "./errors.ts";
// Events: names (a namespace of constants) and the data each carries
export type {
  EventBase,
  EventData,
  EventError,
  EventHandler,
  KernelEventMap,
  KnownEventName,
  ToolEventData,
} from "./hooks/event-data.ts";
export { isEvent } from "./hooks/event-data.ts";
export type { CanonicalEventName, EdgeEventName, EventName, ModuleLoadFailureReason } from "./hooks/events.ts";
export * as events from "./hooks/events.ts";
export { type EventObserver, HookRegistry, type HookRegistryOptions } from "./hooks/registry.ts";
export { formatIssue, type IssuePath, issuesError, issuesFromZod, prefixIssues } from "./issues.ts";
export { RetryConfig, retry_with_backoff } from "./llm-retry.ts";
// Data models: the types modules exchange, and the schemas that check them
export {
  AbortError,
  AccessDeniedError,
  AuthenticationError,
  type ChatRequest,
  type ChatResponse,
  ConfigurationError,
  type ContentBlock,
  ContentFilterError,
  ContextLengthError,
  chatRequestSchema,
  chatResponseSchema,
  type HookAction,
  type HookResult,
  type HookResultInput,
  hookResult,
  hookResultSchema,
  InvalidRequestError,
  InvalidToolCallError,
  isLLMError,
  isRetryableLLMError,
  type JsonObject,
  type JsonSchema,
  LLMError,
  LLMTimeoutError,
  llmError,
  type Message,
  type ModelInfo,
  type ModuleInfo,
  type ModuleType,
  messageSchema,
  NetworkError,
  NotFoundError,
  type ProviderInfo,
  ProviderUnavailableError,
  QuotaExceededError,
  RateLimitError,
  StreamError,
  serializeToolOutput,
  type ToolCall,
  type ToolResult,
  type ToolResultInput,
  type ToolSpec,
  toolFailure,
  toolResultSchema,
  toolSuccess,
  type Usage,
} from "./models/index.ts";
// The built-in modules
export {
  builtinModules,
  contextPersistent,
  contextSimple,
  createAnthropicProvider,
  createContextPersistent,
  createHooksLogging,
  createHooksOtel,
  createLoopBasic,
  createLoopStreaming,
  createOpenAiProvider,
  createRedactor,
  createToolMcp,
  createToolTask,
  createToolWeb,
  createWorkersAiProvider,
  estimateMessageTokens,
  estimateTextTokens,
  HOOKS_OTEL_TRACER,
  type HooksOtelOptions,
  hooksApproval,
  hooksLogging,
  hooksOtel,
  hooksRedaction,
  type LogRecord,
  type LogSink,
  loopBasic,
  loopStreaming,
  type McpNetwork,
  type McpNetworkRequest,
  type McpStdio,
  providerAnthropic,
  providerMock,
  providerOpenAi,
  providerWorkersAi,
  spawnChildSession,
  type ToolMcpOptions,
  toolCalculator,
  toolFilesystem,
  toolMcp,
  toolTask,
  toolWeb,
  withToolMcp,
} from "./modules/index.ts";
// Module packages
export {
  type ContentCache,
  compareGrants,
  computeIntegrity,
  createPackageResolver,
  describePermission,
  type GrantReport,
  grantedPermissions,
  loadModulePackage,
  type ModuleManifest,
  type ModulePackage,
  memoryContentCache,
  moduleManifestJsonSchema,
  moduleManifestSchema,
  type PackageResolverOptions,
  parseModulePackageJson,
  readModuleTarball,
} from "./packages/index.ts";
// Mount plans
export {
  type Bundle,
  compose,
  type LoadPlanOptions,
  loadPlan,
  type MountPlan,
  type MountPlanInput,
  mountPlanSchema,
  type ParsePlanOptions,
  parseBundle,
  parsePlan,
  type SandboxOptions,
  substituteEnv,
  toMountPlan,
} from "./plan/index.ts";
export { redactConfig } from "./redact.ts";
export {
  type CreateSessionOptions,
  createSession,
  type ExecuteOptions,
  type FailedModule,
  type ParentSession,
  Session,
  type SessionStatusReport,
} from "./session.ts";
// Stores
export {
  copySession,
  createDurableObjectStore,
  createIndexedDBStore,
  createKvStore,
  createMemoryStore,
  type DurableObjectStorageLike,
  type IndexedDBFactoryLike,
  type KvNamespaceLike,
  type MessageStore,
  type RepairReport,
  type ResumedSession,
  repairTranscript,
  resumeSession,
  type SessionInfo,
  type StoredMessage,
} from "./storage/index.ts";
// Validation
export {
  type ValidateModuleOptions,
  type ValidationCheck,
  type ValidationReport,
  validateModule,
  validateMountPlan,
} from "./validation/index.ts";
