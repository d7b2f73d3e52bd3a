// A third-party hook module: denies tools named in config.deny, asks the model to be brief on
// every prompt (a context injection), and counts the tool calls it let through.
import { HookResult } from "amplifier-core";

export async function mount(coordinator, config = {}) {
  const denied = new Set(config.deny ?? []);
  const note = config.note ?? "Answer briefly.";
  let allowed = 0;

  const unregisterPre = coordinator.hooks.register(
    "tool:pre",
    async (_event, data) => {
      if (denied.has(data.tool_name)) return HookResult.deny(`tool ${data.tool_name} is not allowed here`);
      allowed += 1;
      return HookResult.continue();
    },
    { priority: 10, name: "guard-tools" },
  );
  const unregisterPrompt = coordinator.hooks.register(
    "prompt:submit",
    async () => HookResult.inject_context(note, { ephemeral: true }),
    { priority: 10, name: "guard-prompt" },
  );
  const unregisterStats = coordinator.hooks.register("guard:stats", async () => HookResult.modify({ allowed }), {
    name: "guard-stats",
  });

  return () => {
    unregisterPre();
    unregisterPrompt();
    unregisterStats();
  };
}
