// A tool that reads the conversation history, which a sandboxed module may do only when the
// "transcript" permission is granted. Without it, the read is refused (a policy:violation event)
// and the tool says so.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  const tool = {
    name: "history_stats",
    description: "Count the messages of the conversation so far, by role",
    input_schema: { type: "object", properties: {} },
    async execute() {
      try {
        const messages = await coordinator.get("context").get_messages();
        const byRole = {};
        for (const message of messages) byRole[message.role] = (byRole[message.role] ?? 0) + 1;
        return ToolResult.ok({ messages: messages.length, by_role: byRole });
      } catch (error) {
        return ToolResult.error(`could not read the history: ${error.message ?? error}`, { type: "denied" });
      }
    },
  };
  await coordinator.mount("tools", tool, { name: tool.name });
}
