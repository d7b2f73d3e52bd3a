/** An Orchestrator whose loop runs in the sandbox, calling back for context, providers, tools and hooks. */
import type {
  ContextManager,
  HookRegistryContract,
  Orchestrator,
  OrchestratorExecuteOptions,
  Provider,
  Tool,
} from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import type { ExecutionTable } from "../executions.ts";
import type { GuestCaller } from "./guest-caller.ts";

export function orchestratorProxy(call: GuestCaller, executions: ExecutionTable): Orchestrator {
  return {
    async execute(
      prompt: string,
      context: ContextManager,
      providers: Record<string, Provider>,
      tools: Record<string, Tool>,
      hooks: HookRegistryContract,
      options: OrchestratorExecuteOptions,
    ): Promise<string> {
      const execution = executions.open({ context, providers, tools, hooks, coordinator: options.coordinator });
      try {
        const refs = { execution, providers: await describeProviders(providers), tools: describeTools(tools) };
        const answer = await call("orchestrator", "execute", [prompt, refs], options.signal);
        if (typeof answer !== "string") {
          throw new KernelError("invalid_result", `the sandboxed orchestrator returned ${typeof answer}, not a string`);
        }
        return answer;
      } finally {
        await executions.close(execution);
      }
    },
  };
}

async function describeProviders(providers: Record<string, Provider>): Promise<Record<string, unknown>> {
  const described: Record<string, unknown> = {};
  for (const [name, provider] of Object.entries(providers)) {
    const info = await Promise.resolve(provider.get_info()).catch(() => null);
    described[name] = { name: provider.name ?? name, info };
  }
  return described;
}

function describeTools(tools: Record<string, Tool>): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) {
    described[name] = { name: tool.name, description: tool.description, input_schema: tool.input_schema ?? {} };
  }
  return described;
}
