/** Type-specific checks of a mounted module (reference §6). */
import type { ModuleType } from "../models/index.ts";
import { providerInfoSchema } from "../models/index.ts";
import type { MockCoordinator } from "../testing/mock-coordinator.ts";
import { fail, pass, type ValidationCheck } from "./check.ts";

type AnyRecord = Record<string, unknown>;

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === "function";

function methodCheck(name: string, target: AnyRecord, method: string, label: string): ValidationCheck {
  return isFunction(target[method])
    ? pass(name, `${label}.${method}() is present`)
    : fail(name, `${label}.${method} must be a function`);
}

/** Checks of a tool object. */
export function toolChecks(tool: AnyRecord): ValidationCheck[] {
  const name = tool.name;
  const schema = tool.input_schema;
  const execute = tool.execute;
  return [
    typeof name === "string" && name.length > 0
      ? pass("tool_name", `name is "${name}"`)
      : fail("tool_name", "name must be a non-empty string"),
    typeof tool.description === "string" && tool.description.length > 0
      ? pass("tool_description", "description is present", "warning")
      : fail("tool_description", "description should be a non-empty string (the model reads it)", "warning"),
    schema === undefined || (typeof schema === "object" && schema !== null && !Array.isArray(schema))
      ? pass(
          "tool_input_schema",
          schema === undefined ? "no input_schema (defaults to {})" : "input_schema is an object",
          "warning",
        )
      : fail("tool_input_schema", "input_schema should be a JSON Schema object", "warning"),
    isFunction(execute)
      ? pass("tool_execute", "execute(input) is present")
      : fail("tool_execute", "execute must be a function taking (input, options?)"),
  ];
}

/** Checks of a provider object (get_info is called and its result validated). */
export async function providerChecks(provider: AnyRecord): Promise<ValidationCheck[]> {
  const checks: ValidationCheck[] = [
    typeof provider.name === "string" && provider.name.length > 0
      ? pass("provider_name", `name is "${provider.name}"`)
      : fail("provider_name", "name must be a non-empty string"),
  ];
  if (!isFunction(provider.get_info)) checks.push(fail("provider_get_info", "get_info must be a function"));
  else {
    try {
      const info = await (provider.get_info as () => unknown).call(provider);
      const parsed = providerInfoSchema.safeParse(info);
      checks.push(
        parsed.success
          ? pass("provider_get_info", "get_info() returns a valid ProviderInfo")
          : fail(
              "provider_get_info",
              `get_info() returned an invalid ProviderInfo: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(info)"}: ${issue.message}`).join("; ")}`,
            ),
      );
    } catch (error) {
      checks.push(
        fail("provider_get_info", `get_info() threw: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
  checks.push(methodCheck("provider_list_models", provider, "list_models", "provider"));
  checks.push(methodCheck("provider_complete", provider, "complete", "provider"));
  checks.push(methodCheck("provider_parse_tool_calls", provider, "parse_tool_calls", "provider"));
  return checks;
}

/** Checks of an orchestrator object. */
export function orchestratorChecks(orchestrator: AnyRecord): ValidationCheck[] {
  const execute = orchestrator.execute;
  if (!isFunction(execute)) return [fail("orchestrator_execute", "execute must be a function")];
  return [
    pass("orchestrator_execute", "execute() is present"),
    execute.length >= 5
      ? pass(
          "orchestrator_execute_params",
          "execute takes (prompt, context, providers, tools, hooks, options)",
          "warning",
        )
      : fail(
          "orchestrator_execute_params",
          `execute declares ${execute.length} parameters; the kernel passes (prompt, context, providers, tools, hooks, { coordinator })`,
          "warning",
        ),
  ];
}

/** Checks of a context manager object: the five methods. */
export function contextChecks(context: AnyRecord): ValidationCheck[] {
  return ["add_message", "get_messages_for_request", "get_messages", "set_messages", "clear"].map((method) =>
    methodCheck(`context_${method}`, context, method, "context"),
  );
}

/** Checks of registered hooks: each handler is called once with empty data and must return a valid result. */
export async function hookChecks(
  coordinator: MockCoordinator,
  failures: { kind: string; event: string }[],
): Promise<ValidationCheck[]> {
  const handlers = coordinator.hooks.list_handlers();
  const events = Object.keys(handlers);
  const checks: ValidationCheck[] = [];
  for (const event of events) await coordinator.hooks.emit(event, {});
  const invalid = failures.filter((failure) => failure.kind === "invalid_result");
  const threw = failures.filter((failure) => failure.kind !== "invalid_result");
  checks.push(
    invalid.length === 0
      ? pass("hook_call", `${events.length} event(s) answered with valid HookResults`)
      : fail(
          "hook_call",
          `handlers for ${invalid.map((failure) => failure.event).join(", ")} returned invalid HookResults`,
        ),
  );
  if (threw.length > 0) {
    checks.push(
      fail(
        "hook_call_errors",
        `handlers for ${threw.map((failure) => failure.event).join(", ")} threw on empty data`,
        "warning",
      ),
    );
  }
  return checks;
}

/** What protocol_compliance looks for, per type. */
export const PROTOCOL_NOUNS: Readonly<Record<ModuleType, { mounted: string; instance: string }>> = {
  tool: { mounted: "No tool was mounted", instance: "a Tool instance" },
  provider: { mounted: "No provider was mounted", instance: "a Provider instance" },
  orchestrator: { mounted: "No orchestrator was mounted", instance: "an Orchestrator instance" },
  context: { mounted: "No context manager was mounted", instance: "a ContextManager instance" },
  hook: { mounted: "No hook handler was registered", instance: "a hook handler" },
  resolver: { mounted: "No module source resolver was mounted", instance: "a ModuleSourceResolver instance" },
};
