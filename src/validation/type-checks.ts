/** Type-specific checks of a mounted module (reference §6), in the original validators' words. */
import { describeError } from "../errors.ts";
import { issuesFromZod, summarizeIssues } from "../issues.ts";
import { providerInfoSchema } from "../models/index.ts";
import { schemaSafetyProblem } from "../models/schema-safety.ts";
import { fail, pass, type ValidationCheck } from "./check.ts";
import type { RecordingCoordinator } from "./recording-coordinator.ts";

type AnyRecord = Record<string, unknown>;

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === "function";

/** `Label missing method()` when absent, otherwise the given passing message. */
function methodCheck(name: string, target: AnyRecord, method: string, label: string, passed: string): ValidationCheck {
  if (target[method] === undefined) return fail(name, `${label} missing ${method}() method`);
  if (!isFunction(target[method])) return fail(name, `${label}.${method} is not callable`);
  return pass(name, passed);
}

/** Whether the host can validate model input against the schema without unbounded work. */
function inputSchemaSafety(schema: unknown): ValidationCheck {
  const problem = schemaSafetyProblem(schema);
  return problem
    ? fail("tool_input_schema_safe", `input_schema ${problem}; the host would refuse to validate against it`)
    : pass(
        "tool_input_schema_safe",
        "input_schema is within the host's limits (size, depth, $ref expansion, patterns)",
      );
}

/** Checks of a tool object. */
export function toolChecks(tool: AnyRecord): ValidationCheck[] {
  const name = tool.name;
  const schema = tool.input_schema ?? {};
  return [
    typeof name === "string" && name.length > 0
      ? pass("tool_name", `Tool has name: '${name}'`)
      : fail("tool_name", "Tool.name should be a non-empty string"),
    typeof tool.description === "string" && tool.description.length > 0
      ? pass("tool_description", "Tool has description")
      : fail("tool_description", "Tool.description should be a non-empty string", "warning"),
    typeof schema === "object" && schema !== null && !Array.isArray(schema)
      ? pass("tool_input_schema", `Tool.input_schema returns dict with ${Object.keys(schema).length} properties`)
      : fail(
          "tool_input_schema",
          `Tool.input_schema should return a dict, got ${Array.isArray(schema) ? "list" : typeof schema}`,
          "warning",
        ),
    inputSchemaSafety(schema),
    methodCheck("tool_execute", tool, "execute", "Tool", "Tool.execute() has correct async signature"),
  ];
}

/** Checks of a provider object (get_info is called and its result validated). */
export async function providerChecks(provider: AnyRecord): Promise<ValidationCheck[]> {
  const checks: ValidationCheck[] = [
    typeof provider.name === "string" && provider.name.length > 0
      ? pass("provider_name", `Provider has name: '${provider.name}'`)
      : fail("provider_name", "Provider.name should be a non-empty string"),
  ];
  const info = methodCheck("provider_get_info", provider, "get_info", "Provider", "");
  if (!info.passed) checks.push(info);
  else {
    try {
      const parsed = providerInfoSchema.safeParse(await (provider.get_info as () => unknown).call(provider));
      checks.push(
        parsed.success
          ? pass("provider_get_info", "Provider.get_info() returns ProviderInfo")
          : fail(
              "provider_get_info",
              `Provider.get_info() should return ProviderInfo: ${summarizeIssues(issuesFromZod(parsed.error))}`,
            ),
      );
    } catch (error) {
      // The original only warns: get_info may need credentials the validator does not have.
      checks.push(fail("provider_get_info", `Error calling Provider.get_info(): ${describeError(error)}`, "warning"));
    }
  }
  checks.push(
    methodCheck("provider_list_models", provider, "list_models", "Provider", "Provider.list_models() is async"),
  );
  checks.push(
    methodCheck(
      "provider_complete",
      provider,
      "complete",
      "Provider",
      "Provider.complete() has correct async signature",
    ),
  );
  checks.push(
    methodCheck(
      "provider_parse_tool_calls",
      provider,
      "parse_tool_calls",
      "Provider",
      "Provider.parse_tool_calls() exists and is callable",
    ),
  );
  return checks;
}

/** Checks of an orchestrator object. */
export function orchestratorChecks(orchestrator: AnyRecord): ValidationCheck[] {
  const execute = orchestrator.execute;
  const present = methodCheck("orchestrator_execute", orchestrator, "execute", "Orchestrator", "");
  if (!present.passed || !isFunction(execute)) return [present];
  return [
    pass(
      "orchestrator_execute",
      `Orchestrator.execute() has correct async signature with ${execute.length} parameters`,
    ),
    // JavaScript's length leaves out parameters with defaults, so a short one only warns.
    execute.length >= 5
      ? pass("orchestrator_execute_params", "execute takes (prompt, context, providers, tools, hooks, options)")
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
    methodCheck(
      `context_${method}`,
      context,
      method,
      "ContextManager",
      `ContextManager.${method}() has correct async signature`,
    ),
  );
}

/** Checks of registered hooks: each handler is called once with empty data and must return a valid result. */
export async function hookChecks(
  coordinator: RecordingCoordinator,
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
