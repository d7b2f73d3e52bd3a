import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { evaluateModuleDefault } from "../../../sandbox/evaluate.ts";
import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";

describe("workerd", () => {
  it("runs QuickJS with the wasm imported as a module", async () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    expect(await evaluateModuleDefault(await loadQuickJSWasm(), "export default 'a'.repeat(3);")).toBe("aaa");
  });

  it("round-trips Workers KV", async () => {
    await env.ARCHIVE.put("skeleton:key", "value-1");
    expect(await env.ARCHIVE.get("skeleton:key")).toBe("value-1");
  });

  it("round-trips a SQLite Durable Object", async () => {
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName("skeleton"));
    expect(await stub.append({ role: "user", content: "hi" })).toBe(1);
    expect(await stub.append({ role: "assistant", content: "hello" })).toBe(2);
    expect(await stub.messages()).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
    ]);
  });

  it("serves the Worker's health route", async () => {
    const response = await exports.default.fetch("http://local/health");
    expect(await response.json()).toEqual({ ok: true, quickjs: 42 });
  });
});
