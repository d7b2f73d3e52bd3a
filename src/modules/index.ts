/**
 * The registry of trusted built-in modules, by id: what `createSession(plan, { modules })` loads
 * when a plan entry names a module without a `source`.
 *
 * @example
 * const session = createSession(planYaml, { modules: builtinModules });
 */
import type { ModuleDefinition, ModuleRegistry } from "../contracts.ts";
import { contextPersistent } from "./context-persistent/index.ts";
import { contextSimple } from "./context-simple/index.ts";
import { hooksApproval } from "./hooks-approval/index.ts";
import { hooksLogging } from "./hooks-logging/index.ts";
import { hooksOtel } from "./hooks-otel/index.ts";
import { hooksRedaction } from "./hooks-redaction/index.ts";
import { loopBasic } from "./loop-basic/index.ts";
import { loopStreaming } from "./loop-streaming/index.ts";
import { providerAnthropic } from "./provider-anthropic/index.ts";
import { providerMock } from "./provider-mock/index.ts";
import { providerOpenAi } from "./provider-openai/index.ts";
import { providerWorkersAi } from "./provider-workers-ai/index.ts";
import { toolCalculator } from "./tool-calculator/index.ts";
import { toolFilesystem } from "./tool-filesystem/index.ts";
import { toolMcp } from "./tool-mcp/index.ts";
import { toolTask } from "./tool-task/index.ts";
import { toolWeb } from "./tool-web/index.ts";

export { contextPersistent, createContextPersistent, PersistentContext } from "./context-persistent/index.ts";
export { CompactingContext, contextSimple } from "./context-simple/index.ts";
export { hooksApproval } from "./hooks-approval/index.ts";
export { createHooksLogging, hooksLogging, type LogRecord, type LogSink } from "./hooks-logging/index.ts";
export {
  createHooksOtel,
  HOOKS_OTEL_TRACER,
  type HooksOtelOptions,
  hooksOtel,
  type OtelConfig,
  otelConfigSchema,
} from "./hooks-otel/index.ts";
export { createRedactor, hooksRedaction } from "./hooks-redaction/index.ts";
export type { LoopModuleOptions } from "./loop/loop-config.ts";
export { createLoopBasic, loopBasic } from "./loop-basic/index.ts";
export { createLoopStreaming, loopStreaming } from "./loop-streaming/index.ts";
export { createAnthropicProvider, providerAnthropic } from "./provider-anthropic/index.ts";
export { MockProvider, providerMock } from "./provider-mock/index.ts";
export { createOpenAiProvider, providerOpenAi } from "./provider-openai/index.ts";
export { createWorkersAiProvider, providerWorkersAi } from "./provider-workers-ai/index.ts";
export { estimateMessageTokens, estimateTextTokens } from "./shared/token-estimate.ts";
export { CalculatorTool, toolCalculator } from "./tool-calculator/index.ts";
export { toolFilesystem } from "./tool-filesystem/index.ts";
export {
  createToolMcp,
  type McpNetwork,
  type McpNetworkRequest,
  type McpStdio,
  type ToolMcpOptions,
  toolMcp,
  withToolMcp,
} from "./tool-mcp/index.ts";
export {
  createToolTask,
  type SpawnFunction,
  type SpawnOptions,
  type SpawnResult,
  spawnChildSession,
  toolTask,
} from "./tool-task/index.ts";
export { createToolWeb, toolWeb } from "./tool-web/index.ts";

const modules: readonly ModuleDefinition[] = [
  // Orchestrators
  loopBasic,
  loopStreaming,
  // Context managers
  contextSimple,
  contextPersistent,
  // Providers
  providerMock,
  providerAnthropic,
  providerOpenAi,
  providerWorkersAi,
  // Tools
  toolCalculator,
  toolWeb,
  toolFilesystem,
  toolTask,
  toolMcp,
  // Hooks
  hooksLogging,
  hooksApproval,
  hooksRedaction,
  hooksOtel,
];

/** Every built-in module, by id. */
export const builtinModules: ModuleRegistry = Object.freeze(
  Object.fromEntries(modules.map((module) => [module.id, module])),
);
