/** hooks-logging, hooks-approval and hooks-redaction. */
import { describe, expect, it } from "vitest";
import type { ApprovalSystem } from "../../../src/approval.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import { hooksApproval } from "../../../src/modules/hooks-approval/index.ts";
import { createHooksLogging, type LogRecord } from "../../../src/modules/hooks-logging/index.ts";
import { hooksRedaction } from "../../../src/modules/hooks-redaction/index.ts";
import { EventRecorder, ScriptedApproval } from "../../../src/testing/index.ts";
import { scriptedTool, setupLoop } from "./loop-harness.ts";

const preData = (tool_name: string, tool_input: Record<string, unknown> = {}) => ({
  tool_name,
  tool_call_id: "c1",
  tool_input,
  parallel_group_id: "g",
});

async function approvalCoordinator(config: Record<string, unknown>, approval?: ApprovalSystem) {
  const coordinator = new ModuleCoordinator({
    sessionId: "approval",
    ...(approval ? { approvalSystem: approval } : {}),
  });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks, ["approval:required", "approval:granted", "approval:denied"]);
  await hooksApproval.mount(coordinator, config);
  return { coordinator, recorder };
}

/** Registers the hook module tests. */
export function registerHooksSuite(): void {
  describe("hooks-logging", () => {
    it("logs events to the sink with sensitive keys masked and long strings cut", async () => {
      const records: LogRecord[] = [];
      const coordinator = new ModuleCoordinator({
        sessionId: "log-1",
        now: () => new Date("2026-02-03T04:05:06.000Z"),
      });
      coordinator.hooks.set_default_fields({ session_id: "log-1" });
      await createHooksLogging({ sink: (record) => void records.push(record) }).mount(coordinator, {
        redact_keys: ["session_cookie"],
        max_string_length: 10,
        exclude_events: ["content_block:delta"],
      });
      await coordinator.hooks.emit("provider:request", {
        provider: "mock",
        headers: { Authorization: "Bearer abc", "X-Api-Key": "k" },
        nested: [{ password: "hunter2", session_cookie: "c", note: "a very long note indeed" }],
      });
      await coordinator.hooks.emit("content_block:delta", { delta: "x" });
      expect(records).toEqual([
        {
          timestamp: "2026-02-03T04:05:06.000+00:00",
          event: "provider:request",
          session_id: "log-1",
          data: {
            provider: "mock",
            headers: { Authorization: "[REDACTED]", "X-Api-Key": "[REDACTED]" },
            nested: [{ password: "[REDACTED]", session_cookie: "[REDACTED]", note: "a very lon… [13 more chars]" }],
          },
        },
      ]);
    });

    it("also logs the events modules declare on observability.events, and stops after cleanup", async () => {
      const records: LogRecord[] = [];
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("observability.events", "tool-x", () => ["tool-x:done"]);
      const logging = createHooksLogging({ sink: (record) => void records.push(record) });
      const cleanup = (await logging.mount(coordinator, {})) as () => void;
      await logging.on_session_ready?.(coordinator);
      await coordinator.hooks.emit("tool-x:done", { ok: true });
      cleanup();
      await coordinator.hooks.emit("tool-x:done", { ok: true });
      await coordinator.hooks.emit("session:start", {});
      expect(records.map((record) => record.event)).toEqual(["tool-x:done"]);
    });

    it("a sink that throws never breaks the emit", async () => {
      const coordinator = new ModuleCoordinator();
      await createHooksLogging({
        sink: () => {
          throw new Error("disk full");
        },
      }).mount(coordinator, {});
      expect((await coordinator.hooks.emit("session:start", {})).action).toBe("continue");
    });
  });

  describe("hooks-approval", () => {
    it("asks for matching tools, remembers Allow always per tool, and reports each decision", async () => {
      const approval = new ScriptedApproval(["Allow always", "Deny"]);
      const { coordinator, recorder } = await approvalCoordinator({ tools: ["write_*", "bash"] }, approval);
      expect((await coordinator.hooks.emit("tool:pre", preData("read_file"))).action).toBe("continue");
      expect((await coordinator.hooks.emit("tool:pre", preData("write_file", { file_path: "/a" }))).action).toBe(
        "continue",
      );
      expect((await coordinator.hooks.emit("tool:pre", preData("write_file"))).action).toBe("continue");
      const denied = await coordinator.hooks.emit("tool:pre", preData("bash", { command: "ls" }));
      expect(denied).toMatchObject({
        action: "deny",
        reason: 'User denied: Allow the tool "bash" to run with {"command":"ls"}?',
      });
      expect(approval.requests.map((request) => request.prompt)).toEqual([
        'Allow the tool "write_file" to run with {"file_path":"/a"}?',
        'Allow the tool "bash" to run with {"command":"ls"}?',
      ]);
      expect(approval.requests[0]).toMatchObject({
        options: ["Allow once", "Allow always", "Deny"],
        timeout: 300,
        default: "deny",
        asker: { source: "hooks-approval", event: "tool:pre", tool_name: "write_file" },
      });
      expect(recorder.names()).toEqual([
        "approval:required",
        "approval:granted",
        "approval:granted",
        "approval:required",
        "approval:denied",
      ]);
      expect(recorder.events[2]?.data).toMatchObject({ tool_name: "write_file", remembered: true });
    });

    it("honours exclude_tools and session_state.require_approval_tools", async () => {
      const approval = new ScriptedApproval("Allow once");
      const { coordinator } = await approvalCoordinator({ tools: ["*_file"], exclude_tools: ["read_file"] }, approval);
      coordinator.session_state.require_approval_tools = ["calculator"];
      await coordinator.hooks.emit("tool:pre", preData("read_file"));
      await coordinator.hooks.emit("tool:pre", preData("calculator"));
      await coordinator.hooks.emit("tool:pre", preData("edit_file"));
      await coordinator.hooks.emit("tool:pre", preData("edit_file"));
      expect(approval.requests.map((request) => request.prompt.split('"')[1])).toEqual([
        "calculator",
        "edit_file",
        "edit_file",
      ]);
    });

    it("denies without an approval system, and applies the default on timeout", async () => {
      const none = await approvalCoordinator({});
      expect(await none.coordinator.hooks.emit("tool:pre", preData("x"))).toMatchObject({
        action: "deny",
        reason: "No approval system available",
      });
      const silent: ApprovalSystem = { request_approval: () => new Promise(() => {}) };
      const allowing = await approvalCoordinator({ timeout: 0.01, default: "allow" }, silent);
      expect((await allowing.coordinator.hooks.emit("tool:pre", preData("x"))).action).toBe("continue");
      const denying = await approvalCoordinator({ timeout: 0.01 }, silent);
      expect(await denying.coordinator.hooks.emit("tool:pre", preData("x"))).toMatchObject({
        action: "deny",
        reason: expect.stringMatching(/^Approval timeout - denied by default/),
      });
    });

    it("in a loop, a denied tool is never run and the model reads why", async () => {
      const tool = scriptedTool("delete_all", async () => ({ output: "deleted" }));
      const { coordinator, execute, history } = await setupLoop({
        tools: [tool],
        approval: new ScriptedApproval("Deny"),
        script: [{ tool_calls: [{ id: "d1", name: "delete_all", arguments: {} }] }, { text: "ok, I will not" }],
      });
      await hooksApproval.mount(coordinator, { tools: ["delete_*"] });
      await execute("clean up");
      expect(tool.calls).toEqual([]);
      expect((await history())[2]?.content).toBe(
        'Denied by hook: User denied: Allow the tool "delete_all" to run with {}?',
      );
    });
  });

  describe("hooks-redaction", () => {
    const secrets = {
      anthropic: "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
      aws: "AKIAIOSFODNN7EXAMPLE",
      github: `ghp_${"a1B2".repeat(9)}`,
      jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    };

    it("masks secrets in tool output before the model reads them", async () => {
      const leaky = scriptedTool("env", async () => ({
        output:
          `ANTHROPIC_API_KEY=${secrets.anthropic}\naws ${secrets.aws}\ngh ${secrets.github}\njwt ${secrets.jwt}\n` +
          "password: hunter22\nmax_tokens=4096\nAuthorization: Bearer abcdefghijklmnop\nmy-literal-secret here",
      }));
      const { coordinator, execute, history, recorder } = await setupLoop({
        tools: [leaky],
        script: [{ tool_calls: [{ id: "e1", name: "env", arguments: {} }] }, { text: "done" }],
      });
      await hooksRedaction.mount(coordinator, { literals: ["my-literal-secret"] });
      await execute("show env");
      const stored = String((await history())[2]?.content);
      for (const secret of [...Object.values(secrets), "hunter22", "abcdefghijklmnop", "my-literal-secret"]) {
        expect(stored).not.toContain(secret);
      }
      expect(stored).toContain("max_tokens=4096");
      expect(stored).toContain("Authorization: Bearer [REDACTED]");
      expect(stored).toContain("password: [REDACTED]");
      expect(recorder.get_events("tool:post")[0]?.data.redactions).toBe(7);
      expect(JSON.stringify(recorder.get_events("tool:post")[0]?.data)).not.toContain(secrets.aws);
    });

    it("masks values under sensitive keys in structured output and leaves clean output alone", async () => {
      const coordinator = new ModuleCoordinator();
      await hooksRedaction.mount(coordinator, { redact_keys: ["pin"] });
      const dirty = await coordinator.hooks.emit("tool:post", {
        ...preData("db"),
        result: { success: true, output: { user: "ann", password: "x", pin: 1234, nested: { token: "t" } } },
      });
      expect(dirty.data?.result).toEqual({
        success: true,
        output: { user: "ann", password: "[REDACTED]", pin: "[REDACTED]", nested: { token: "[REDACTED]" } },
      });
      const clean = await coordinator.hooks.emit("tool:post", {
        ...preData("db"),
        result: { success: true, output: "nothing here" },
      });
      expect(clean.data?.result).toEqual({ success: true, output: "nothing here" });
      expect(clean.data?.redactions).toBeUndefined();
    });

    it("scans large hostile output without blowing up", async () => {
      const coordinator = new ModuleCoordinator();
      await hooksRedaction.mount(coordinator, {});
      const hostile = `${"a-".repeat(100_000)}token=${"b".repeat(50)} ${"eyJ".repeat(20_000)}`;
      const result = await coordinator.hooks.emit("tool:post", {
        ...preData("web"),
        result: { success: true, output: hostile },
      });
      const output = (result.data?.result as { output?: string } | undefined)?.output;
      expect(output).toContain("token=[REDACTED]");
    });

    it("a bad pattern in config is an invalid_config error naming it", async () => {
      await expect(hooksRedaction.mount(new ModuleCoordinator(), { patterns: ["(unclosed"] })).rejects.toMatchObject({
        code: "invalid_config",
        message: expect.stringContaining("config.patterns[0]: not a valid regular expression"),
      });
      await expect(hooksRedaction.mount(new ModuleCoordinator(), { literals: ["ab"] })).rejects.toMatchObject({
        message: expect.stringContaining("config.literals[0]"),
      });
    });
  });
}
