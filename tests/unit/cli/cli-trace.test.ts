/**
 * `run --trace`: spans reach an OTLP/HTTP receiver written here (127.0.0.1, a random port), whose
 * request bodies are read as the OTLP JSON they are; `--trace console` prints them to stderr.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { missingTraceSdk, TRACE_SDK_PACKAGES, traceSdkMissingError } from "../../../worker/node/trace-sdk.ts";
import { tracesUrl } from "../../../worker/node/trace-setup.ts";
import { runCli } from "./run-cli.ts";

vi.setConfig({ testTimeout: 60_000 });

/** One request the receiver got. */
interface Received {
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** An OTLP/HTTP receiver on 127.0.0.1 that keeps every request and answers 200 `{}`. */
async function otlpReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      received.push({
        method: request.method,
        path: request.url,
        contentType: request.headers["content-type"],
        body,
      });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

function attribute(span: OtlpSpan, key: string): unknown {
  const found = span.attributes.find((item) => item.key === key)?.value;
  if (found === undefined) return undefined;
  return found.stringValue ?? found.intValue ?? found.boolValue ?? found.arrayValue;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe("amplifier-edge run --trace", () => {
  it("exports the turn's spans to an OTLP/HTTP receiver as OTLP JSON", async () => {
    const receiver = await otlpReceiver();
    servers.push(receiver.server);
    const result = await runCli([
      "run",
      "examples/plans/calculator.yaml",
      "What is 6 * 7?",
      "--trace",
      `otlp=${receiver.url}`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("42");
    expect(receiver.received.length).toBeGreaterThan(0);
    for (const request of receiver.received) {
      expect([request.method, request.path, request.contentType]).toEqual(["POST", "/v1/traces", "application/json"]);
    }
    const bodies = receiver.received.map((request) => JSON.parse(request.body));
    const resourceSpans = bodies.flatMap((body) => body.resourceSpans);
    const serviceNames = resourceSpans.map(
      (item: { resource: { attributes: OtlpSpan["attributes"] } }) =>
        item.resource.attributes.find((entry) => entry.key === "service.name")?.value.stringValue,
    );
    expect(new Set(serviceNames)).toEqual(new Set(["amplifier-edge"]));
    const scopeSpans = resourceSpans.flatMap((item: { scopeSpans: unknown[] }) => item.scopeSpans) as {
      scope: { name: string };
      spans: OtlpSpan[];
    }[];
    expect(new Set(scopeSpans.map((scope) => scope.scope.name))).toEqual(new Set(["amplifier-edge/hooks-otel"]));
    const spans = scopeSpans.flatMap((scope) => scope.spans);
    const turn = spans.find((span) => span.name === "invoke_agent amplifier");
    expect(turn).toBeDefined();
    expect(turn?.parentSpanId ?? "").toBe("");
    const children = spans.filter((span) => span.parentSpanId === turn?.spanId);
    expect(children.map((span) => span.name)).toEqual(
      expect.arrayContaining(["chat mock-model", "execute_tool calculator"]),
    );
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([turn?.traceId]));
    const tool = spans.find((span) => span.name === "execute_tool calculator")!;
    expect(attribute(tool, "gen_ai.operation.name")).toBe("execute_tool");
    expect(attribute(tool, "gen_ai.tool.name")).toBe("calculator");
    expect(attribute(tool, "amplifier.tool.success")).toBe(true);
    const chat = spans.find((span) => span.name === "chat mock-model")!;
    expect(chat.kind).toBe(3); // OTLP's SPAN_KIND_CLIENT
    expect(attribute(chat, "gen_ai.request.model")).toBe("mock-model");
    expect(attribute(chat, "gen_ai.provider.name")).toBe("mock");
    expect(Number(attribute(chat, "gen_ai.usage.output_tokens"))).toBeGreaterThan(0);
  });

  it("prints each span to stderr with --trace console, leaving stdout to the answer", async () => {
    const result = await runCli(["run", "examples/plans/calculator.yaml", "What is 6 * 7?", "--trace", "console"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("trace ");
    expect(result.stderr).toMatch(/^trace execute_tool calculator \d+\.\d ms \{.*"gen_ai\.tool\.name":"calculator"/m);
    expect(result.stderr).toMatch(/^trace invoke_agent amplifier \d+\.\d ms /m);
  });

  it("refuses a trace target it cannot use, with the usage text", async () => {
    const result = await runCli(["run", "examples/plans/calculator.yaml", "Hi", "--trace", "otlp=ftp://example"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--trace must be 'console' or 'otlp=<http(s) url>'");
  });

  it("adds the traces path to a bare collector URL only", () => {
    expect(tracesUrl("http://127.0.0.1:4318")).toBe("http://127.0.0.1:4318/v1/traces");
    expect(tracesUrl("http://127.0.0.1:4318/otel/")).toBe("http://127.0.0.1:4318/otel/v1/traces");
    expect(tracesUrl("http://127.0.0.1:4318/v1/traces")).toBe("http://127.0.0.1:4318/v1/traces");
  });
});

describe("the SDK behind --trace (optional peer dependencies)", () => {
  it("lists the packages trace-setup.ts imports, as package.json's optional peers, by the same major", () => {
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(TRACE_SDK_PACKAGES).sort()).toEqual(Object.keys(manifest.peerDependencies).sort());
    for (const [name, major] of Object.entries(TRACE_SDK_PACKAGES)) {
      expect(manifest.peerDependencies[name], name).toMatch(new RegExp(`^\\^${major.replace(".", "\\.")}\\.`));
      expect(manifest.peerDependenciesMeta[name]?.optional, name).toBe(true);
    }
    const imported = [
      ...readFileSync("worker/node/trace-setup.ts", "utf8").matchAll(/from "(@opentelemetry\/[^"]+)"/g),
    ];
    expect([...new Set(imported.map((match) => match[1]))].sort()).toEqual(Object.keys(TRACE_SDK_PACKAGES).sort());
  });

  it("finds the SDK installed here, and names what does not resolve", () => {
    expect(missingTraceSdk()).toEqual([]);
    const absent = (name: string) => {
      if (name.endsWith("/core")) throw new Error(`Cannot find package '${name}'`);
      return `file:///node_modules/${name}/index.js`;
    };
    expect(missingTraceSdk(absent)).toEqual(["@opentelemetry/core"]);
  });

  it("says what to install when the SDK is missing", () => {
    const error = traceSdkMissingError(["@opentelemetry/sdk-trace"]);
    expect(error.code).toBe("module_not_found");
    expect(error.message).toContain("missing: @opentelemetry/sdk-trace");
    expect(error.message).toContain(
      "npm install @opentelemetry/core@3 @opentelemetry/exporter-trace-otlp-http@0.301 @opentelemetry/resources@3 @opentelemetry/sdk-trace@3",
    );
    expect(error.data).toEqual({ missing: ["@opentelemetry/sdk-trace"] });
  });
});
