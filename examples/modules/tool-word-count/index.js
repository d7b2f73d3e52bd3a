// A third-party tool module: counts words, lines and characters of a text.
// Plain JavaScript, written from Amplifier's tool contract; runs inside a QuickJS sandbox.
import { ToolResult } from "amplifier-core";
import { countWords } from "./count.js";

class WordCountTool {
  name = "word_count";
  description = "Count the words, lines and characters of a text";
  input_schema = {
    type: "object",
    properties: { text: { type: "string", description: "The text to measure" } },
    required: ["text"],
  };

  constructor(config) {
    this.maxChars = typeof config.max_chars === "number" ? config.max_chars : 100_000;
  }

  async execute(input) {
    if (typeof input?.text !== "string") {
      return ToolResult.error("text must be a string", { type: "invalid_input" });
    }
    if (input.text.length > this.maxChars) {
      return ToolResult.error(`text is longer than ${this.maxChars} characters`, { type: "too_long" });
    }
    return ToolResult.ok(countWords(input.text));
  }
}

export async function mount(coordinator, config = {}) {
  const tool = new WordCountTool(config);
  await coordinator.mount("tools", tool, { name: tool.name });
}
