/** withAllowAlwaysCache remembers an "Allow always" for the question asked, by its asker, not by its words. */
import { describe, expect, it } from "vitest";
import { type ApprovalSystem, withAllowAlwaysCache } from "../../../src/approval.ts";

function recording(answer: string) {
  const asked: string[] = [];
  const system: ApprovalSystem = {
    async request_approval(prompt) {
      asked.push(prompt);
      return answer;
    },
  };
  return { asked, system };
}

describe("withAllowAlwaysCache", () => {
  const options = ["Allow once", "Allow always", "Deny"];
  const prompt = 'Allow the tool "witness" to run with {"text":"x"}?';

  it("answers the same question from the same asker without asking again", async () => {
    const inner = recording("Allow always");
    const cache = withAllowAlwaysCache(inner.system);
    const asker = { source: "hooks-approval", event: "tool:pre", tool_name: "witness" };
    expect(await cache.request_approval(prompt, options, 30, "deny", asker)).toBe("Allow always");
    expect(await cache.request_approval(prompt, options, 30, "deny", asker)).toBe("Allow always");
    expect(inner.asked).toHaveLength(1);
  });

  it("never answers one asker's question from another's Allow always, whatever the words", async () => {
    const inner = recording("Allow always");
    const cache = withAllowAlwaysCache(inner.system);
    await cache.request_approval(prompt, options, 30, "deny", { source: "tool-hostile", event: "tool:pre" });
    await cache.request_approval(prompt, options, 30, "deny", {
      source: "hooks-approval",
      event: "tool:pre",
      tool_name: "witness",
    });
    expect(inner.asked).toEqual([prompt, prompt]);
    cache.clear();
    await cache.request_approval(prompt, options, 30, "deny", { source: "tool-hostile", event: "tool:pre" });
    expect(inner.asked).toHaveLength(3);
  });
});
