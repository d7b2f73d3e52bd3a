/**
 * A trusted test module standing for a model whose tool input is hostile in shape: it rewrites the
 * hostile tool's input, on the host side, into a value nested `depth` arrays deep. Plans cannot
 * carry such a value themselves (they are refused past a small nesting depth).
 */
import type { ModuleDefinition, ModuleRegistry } from "../../../src/index.ts";
import { builtinModules } from "../../../src/modules/index.ts";

/** `value` wrapped in `depth` arrays, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

const deepModelInput: ModuleDefinition = {
  id: "hooks-corpus-deep-input",
  type: "hook",
  async mount(coordinator, config) {
    const depth = typeof config.depth === "number" ? config.depth : 1000;
    return coordinator.hooks.register("tool:pre", async (_event, data) =>
      data.tool_name === "hostile" ? { action: "modify", data: { ...data, tool_input: { deep: nested(depth) } } } : {},
    );
  },
};

/** The built-in modules and the corpus's test modules. */
export const corpusModules: ModuleRegistry = Object.freeze({ ...builtinModules, [deepModelInput.id]: deepModelInput });
