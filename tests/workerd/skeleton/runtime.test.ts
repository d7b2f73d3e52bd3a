import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { evaluateModuleDefault } from "../../../sandbox/runner/evaluate.ts";
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
    const bodies = await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("CREATE TABLE IF NOT EXISTS skeleton (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)");
      for (const body of ["hi", "hello"]) state.storage.sql.exec("INSERT INTO skeleton (body) VALUES (?)", body);
      return state.storage.sql
        .exec<{ body: string }>("SELECT body FROM skeleton ORDER BY seq")
        .toArray()
        .map((row) => row.body);
    });
    expect(bodies).toEqual(["hi", "hello"]);
  });

  it("serves the Worker's health route", async () => {
    const response = await exports.default.fetch("http://local/health");
    expect(await response.json()).toEqual({ ok: true, quickjs: 42 });
  });
});
