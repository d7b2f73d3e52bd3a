/** The fetch gate: only granted https hosts, never private addresses, redirects re-checked, capped. */
import { expect, it } from "vitest";
import { type Run, toolModule } from "./environment.ts";

const FETCH_PROBE = toolModule(`
  try {
    const response = await fetch(input.url, input.init);
    return ToolResult.ok({ status: response.status, ok: response.ok, body: await response.text(), headers: [...response.headers.entries()] });
  } catch (error) {
    return ToolResult.ok({ denied: error.code, message: error.message });
  }`);

const GRANT = { permissions: { fetch: ["api.test.example", "*.files.test.example"] } };

export function fetchScenarios(run: Run): void {
  it(
    "a module without the fetch grant has no fetch at all",
    run(async (harness) => {
      await harness.mount(
        toolModule(
          `return ToolResult.ok({ type: typeof fetch, own: Object.getOwnPropertyNames(globalThis).includes("fetch") });`,
        ),
      );
      expect((await harness.tool().execute({})).output).toEqual({ type: "undefined", own: false });
      expect(harness.api.seen).toEqual([]);
    }),
  );

  it(
    "fetches a granted host like the web's fetch, with Set-Cookie stripped and cookies not sent",
    run(async (harness) => {
      await harness.mount(
        toolModule(`const response = await fetch("https://api.test.example/hello", { headers: { cookie: "stolen=1", "x-client": "guest" } });
          const data = await response.json();
          return ToolResult.ok({ status: response.status, ok: response.ok, data, cookie: response.headers.get("set-cookie"),
            extra: response.headers.get("X-Extra"), type: response.headers.get("content-type") });`),
        { sandbox: GRANT },
      );
      const result = await harness.tool().execute({});
      expect(result.output).toEqual({
        status: 200,
        ok: true,
        data: { greeting: "hi", host: "api.test.example" },
        cookie: null,
        extra: "1",
        type: "application/json",
      });
      expect(harness.api.seen[0]?.headers["x-client"]).toBe("guest");
      expect(harness.api.seen[0]?.headers.cookie).toBeUndefined();
    }),
  );

  it(
    "refuses hosts not listed, plain http and private addresses in every spelling; each is evented and the module keeps working",
    run(async (harness) => {
      await harness.mount(FETCH_PROBE, { sandbox: GRANT });
      const refused: [string, RegExp][] = [
        [
          "https://evil.example/steal",
          /^capability_denied: fetch to evil\.example is not in this module's permissions$/,
        ],
        ["https://files.test.example/x", /fetch to files\.test\.example is not in this module's permissions/],
        ["http://api.test.example/hello", /only https is allowed/],
        ["https://127.0.0.1/", /loopback address/],
        ["http://2130706433/", /only https/],
        ["https://2130706433/", /127\.0\.0\.1 refused: loopback address/],
        ["https://0x7f.1/", /127\.0\.0\.1 refused: loopback address/],
        ["https://[::1]/", /loopback address/],
        ["https://[::ffff:127.0.0.1]/", /IPv4-embedded loopback address/],
        ["https://169.254.169.254/latest/meta-data", /link-local address/],
        ["https://10.0.0.8/", /private address/],
        ["https://localhost/", /loopback name/],
        ["https://user:pw@api.test.example/hello", /user:password@/],
      ];
      for (const [url, message] of refused) {
        const result = await harness.tool().execute({ url });
        expect(result.output, url).toMatchObject({ denied: "capability_denied" });
        expect((result.output as { message: string }).message, url).toMatch(message);
      }
      expect(harness.violations()).toHaveLength(refused.length);
      expect(harness.violations()[0]).toMatchObject({
        module: "module-under-test",
        capability: "fetch",
        target: "evil.example",
      });
      expect(harness.api.seen).toEqual([]);
      const allowed = await harness.tool().execute({ url: "https://cdn.files.test.example/hello" });
      expect(allowed.output).toMatchObject({ status: 200, ok: true });
    }),
  );

  it(
    "re-checks every redirect: to a private address or an unlisted host it is refused, to a listed host it is followed",
    run(async (harness) => {
      await harness.mount(FETCH_PROBE, { sandbox: GRANT });
      const via = (to: string) => `https://api.test.example/redirect?to=${encodeURIComponent(to)}`;
      for (const target of [
        "http://127.0.0.1:8080/admin",
        "https://[::ffff:7f00:1]/",
        "https://192.168.1.1/",
        "https://evil.example/",
      ]) {
        const result = await harness.tool().execute({ url: via(target) });
        expect(result.output, target).toMatchObject({ denied: "capability_denied" });
      }
      expect(harness.violations().map((violation) => violation.action)).toEqual([
        "redirect",
        "redirect",
        "redirect",
        "redirect",
      ]);
      const followed = await harness.tool().execute({ url: via("https://cdn.files.test.example/hello") });
      expect(followed.output).toMatchObject({ status: 200 });
      expect(harness.api.seen.map((request) => new URL(request.url).hostname)).toEqual([
        "api.test.example",
        "api.test.example",
        "api.test.example",
        "api.test.example",
        "api.test.example",
        "cdn.files.test.example",
      ]);
    }),
  );

  it(
    "refuses a response over the size cap, declared or streamed, and keeps working",
    run(
      async (harness) => {
        await harness.mount(FETCH_PROBE, { sandbox: GRANT });
        for (const chunked of ["0", "1"]) {
          const result = await harness
            .tool()
            .execute({ url: `https://api.test.example/big?bytes=5000&chunked=${chunked}` });
          expect(result.output, `chunked=${chunked}`).toMatchObject({ denied: "capability_denied" });
          expect((result.output as { message: string }).message).toMatch(/larger than this module's 2048-byte cap/);
        }
        expect(harness.violations()).toHaveLength(2);
        const small = await harness.tool().execute({ url: "https://api.test.example/big?bytes=2000" });
        expect((small.output as { body: string }).body).toHaveLength(2000);
      },
      { maxResponseBytes: 2048 },
    ),
  );
}
