/**
 * The trusted built-in modules a Cloudflare session can name in its plan. `provider-mock` is the
 * offline default; the network providers read their keys from the plan's env map.
 */
import type { ModuleDefinition } from "../../src/contracts.ts";
import { contextPersistent } from "../../src/modules/context-persistent/index.ts";
import { contextSimple } from "../../src/modules/context-simple/index.ts";
import { loopBasic } from "../../src/modules/loop-basic/index.ts";
import { loopStreaming } from "../../src/modules/loop-streaming/index.ts";
import { providerAnthropic } from "../../src/modules/provider-anthropic/index.ts";
import { providerMock } from "../../src/modules/provider-mock/index.ts";
import { providerOpenAi } from "../../src/modules/provider-openai/index.ts";
import { providerWorkersAi } from "../../src/modules/provider-workers-ai/index.ts";
import { toolCalculator } from "../../src/modules/tool-calculator/index.ts";
import { toolFilesystem } from "../../src/modules/tool-filesystem/index.ts";
import { toolWeb } from "../../src/modules/tool-web/index.ts";

/** The built-in modules of the default Worker (contexts are rebound to the Durable Object's store per session). */
export const defaultCloudflareModules: readonly ModuleDefinition[] = Object.freeze([
  loopBasic,
  loopStreaming,
  contextSimple,
  contextPersistent,
  providerMock,
  providerAnthropic,
  providerOpenAi,
  providerWorkersAi,
  toolCalculator,
  toolWeb,
  toolFilesystem,
]);
