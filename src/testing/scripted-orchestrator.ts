/** An orchestrator double that answers from a script (and, unlike the original's, accepts `coordinator`). */
import type {
  ContextManager,
  HookRegistryContract,
  ModuleDefinition,
  Orchestrator,
  OrchestratorExecuteOptions,
  Provider,
  Tool,
} from "../contracts.ts";

/** One recorded `execute` call. */
export interface OrchestratorCall {
  prompt: string;
  providers: string[];
  tools: string[];
  coordinator: OrchestratorExecuteOptions["coordinator"];
}

/**
 * Returns the scripted responses in order, then `"DONE"`. Adds the prompt and the answer to the
 * context, so sessions built on it have a history.
 */
export class ScriptedOrchestrator implements Orchestrator {
  readonly calls: OrchestratorCall[] = [];
  /** The script (the original's `responses`). */
  readonly responses: readonly string[];

  constructor(responses: readonly string[] = []) {
    this.responses = [...responses];
  }

  /** How many times `execute` ran (the original's `call_count`). */
  get call_count(): number {
    return this.calls.length;
  }

  async execute(
    prompt: string,
    context: ContextManager,
    providers: Record<string, Provider>,
    tools: Record<string, Tool>,
    _hooks: HookRegistryContract,
    options: OrchestratorExecuteOptions,
  ): Promise<string> {
    const answer = this.responses[this.calls.length] ?? "DONE";
    this.calls.push({
      prompt,
      providers: Object.keys(providers),
      tools: Object.keys(tools),
      coordinator: options.coordinator,
    });
    await context.add_message({ role: "user", content: prompt });
    await context.add_message({ role: "assistant", content: answer });
    return answer;
  }
}

/** Module `loop-scripted`: mounts a ScriptedOrchestrator answering `config.responses`. */
export const scriptedOrchestratorModule: ModuleDefinition = {
  id: "loop-scripted",
  type: "orchestrator",
  description: "Answers from a script (tests).",
  async mount(coordinator, config) {
    const responses = Array.isArray(config.responses) ? config.responses.map(String) : [];
    await coordinator.mount("orchestrator", new ScriptedOrchestrator(responses));
  },
};
