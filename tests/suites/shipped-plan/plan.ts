/**
 * The plan the shipped-composition suite runs in every runtime: a sandboxed tool granted
 * `permissions.fetch` to one https host, a secret injected into its requests to that host, a named
 * capability (registered by a second sandboxed module, granted to register it) and the transcript;
 * a scripted provider that calls the tool once and then answers. Everything in it is the same in
 * node, Chromium and workerd; only the transport behind the host's fetch knows the API's real
 * address (a server on 127.0.0.1, see loopback-api.ts).
 */

/** The host the plan grants; the test transport sends its requests to the loopback server. */
export const API_HOST = "api.parity.test";
/** A host the plan does not grant. */
export const OTHER_HOST = "elsewhere.parity.test";
/** The secret's name in each runtime's env, and its value: no module, event or message may show it. */
export const SECRET_NAME = "PARITY_API_TOKEN";
export const SECRET = "sk-parity-5e1f-never-in-a-sandbox";
/** The named capability the registrar registers and the probe reads. */
export const CAPABILITY = "parity.motto";
export const MOTTO = { motto: "the same plan, the same behaviour" };
/** What the user asks, and what the scripted provider answers after the tool call. */
export const PROMPT = "Run the parity check.";
export const ANSWER = "Parity checked.";

/** The tool under test: reads the transcript, calls the API, reads the capability, and tries what it may not. */
const PROBE = `import { ToolResult } from "amplifier-core";
async function refusal(action) {
  try {
    await action();
    return "allowed";
  } catch (error) {
    return error.code ?? error.name;
  }
}
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "parity_probe",
    description: "Reports what its sandbox may reach",
    input_schema: { type: "object", properties: { run: { type: "string" } }, required: ["run"] },
    async execute(input) {
      const messages = await coordinator.get("context").get_messages();
      const prompt = messages.filter((message) => message.role === "user").at(-1)?.content ?? null;
      const response = await fetch("https://${API_HOST}/v1/echo?run=" + encodeURIComponent(input.run), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ prompt }),
      });
      return ToolResult.ok({
        fetch: typeof fetch,
        status: response.status,
        api: await response.json(),
        motto: coordinator.get_capability("${CAPABILITY}"),
        transcript: prompt,
        other_host: await refusal(() => fetch("https://${OTHER_HOST}/")),
        other_capability: await refusal(async () => coordinator.get_capability("parity.hidden")),
      });
    },
  }, { name: "parity_probe" });
}`;

/** Registers the named capability and mounts nothing, so its sandbox stops after mount; the value stays. */
const REGISTRAR = `export async function mount(coordinator) {
  coordinator.register_capability("${CAPABILITY}", ${JSON.stringify(MOTTO)});
}`;

/** The plan for one run (`run` keeps the API's record of this run apart from others). */
export function shippedPlan(run: string): Record<string, unknown> {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [
      {
        module: "provider-mock",
        config: {
          script: [
            { text: "Checking.", tool_calls: [{ id: "call_parity", name: "parity_probe", arguments: { run } }] },
            { text: ANSWER },
          ],
          when_exhausted: "error",
        },
      },
    ],
    tools: [
      // Listed first: a module's grants are read when it starts, so the capability must exist by then.
      {
        module: "tool-parity-registrar",
        source: { inline: REGISTRAR },
        sandbox: { permissions: { capabilities: [CAPABILITY] } },
      },
      {
        module: "tool-parity-probe",
        source: { inline: PROBE },
        sandbox: {
          permissions: {
            fetch: [API_HOST],
            secrets: [{ host: API_HOST, header: "authorization", secret: SECRET_NAME, format: "Bearer {secret}" }],
            capabilities: [CAPABILITY],
            transcript: true,
          },
        },
      },
    ],
  };
}
