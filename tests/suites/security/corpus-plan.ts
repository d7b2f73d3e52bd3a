/**
 * The session a corpus case runs in: the hostile module in its plan slot, a sandboxed witness tool
 * that must stay unaffected, the trusted loop, context and a scripted provider for three turns:
 * "before" (history to keep), "attack" (sets the module off) and "after" (the session goes on).
 */
import type { CorpusCase } from "./corpus-case.ts";

/** The hostile module's id in the plan, per slot. */
export const HOSTILE_IDS: Readonly<Record<CorpusCase["kind"], string>> = {
  tool: "tool-hostile",
  hook: "hook-hostile",
  provider: "provider-hostile",
  orchestrator: "loop-hostile",
  context: "context-hostile",
};

/** The witness's module id. */
export const WITNESS_ID = "tool-witness";

/** What the witness keeps in its own global: another module must never see or change it. */
export const WITNESS_STATE = "witness-state-31c7";

/** A sandboxed tool that counts its calls and keeps state in its global object. */
export const WITNESS_SOURCE = `import { ToolResult } from "amplifier-core";
let calls = 0;
globalThis.__witness_state = ${JSON.stringify(WITNESS_STATE)};
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "witness",
    description: "Counts its calls and echoes a text",
    input_schema: { type: "object", properties: { text: { type: "string" } } },
    async execute(input) {
      calls += 1;
      return ToolResult.ok({ calls, echo: input.text ?? null, state: globalThis.__witness_state, proto: Object.keys(Object.prototype) });
    },
  }, { name: "witness" });
}
`;

/** The prompts of the three turns. */
export const TURNS = { before: "before", attack: "attack", after: "after" } as const;

/** The answers provider-mock gives around the attack. */
export const ANSWERS = { before: "ready", attack: "after the attack", after: "done" } as const;

type Step = Record<string, unknown>;

/** A string `__<n>MiB__` in an attack script stands for n MiB of text (headers stay one line). */
function expandSizes(value: unknown): unknown {
  if (typeof value === "string") {
    const size = /^__(\d+)MiB__$/.exec(value);
    return size ? "x".repeat(Number(size[1]) * 1024 * 1024) : value;
  }
  if (Array.isArray(value)) return value.map(expandSizes);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandSizes(item)]));
  }
  return value;
}

function attackSteps(corpusCase: CorpusCase): Step[] {
  if (corpusCase.attack_script) return expandSizes(corpusCase.attack_script) as Step[];
  const called =
    corpusCase.kind === "tool"
      ? { id: "call_attack", name: "hostile", arguments: corpusCase.input }
      : { id: "call_attack", name: "witness", arguments: { text: "during" } };
  return [{ tool_calls: [called] }, { text: ANSWERS.attack }];
}

/** provider-mock's script for the whole case. */
function script(corpusCase: CorpusCase): Step[] {
  if (corpusCase.kind === "orchestrator" || corpusCase.kind === "context") return [{ text: ANSWERS.before }];
  return [
    { text: ANSWERS.before },
    ...attackSteps(corpusCase),
    { tool_calls: [{ id: "call_after", name: "witness", arguments: { text: "after" } }] },
    { text: ANSWERS.after },
  ];
}

/**
 * A time limit out of reach, for every module whose time limit is not what the case tests: on a busy
 * machine a module's own start can take longer than the 1 s default, and must not be killed for it.
 */
export const TIME_OUT_OF_REACH = { timeout_ms: 60_000 } as const;

/** The hostile module's block: its own, with the time limit out of reach unless the case is about time. */
function hostileSandbox(corpusCase: CorpusCase): Record<string, unknown> {
  const { sandbox, expect } = corpusCase;
  const aboutTime = "timeout_ms" in sandbox || expect.killed.includes("timeout");
  return aboutTime ? sandbox : { ...TIME_OUT_OF_REACH, ...sandbox };
}

/** The mount plan of a case. */
export function corpusPlan(corpusCase: CorpusCase): Record<string, unknown> {
  const { kind } = corpusCase;
  const hostile = {
    module: HOSTILE_IDS[kind],
    source: { inline: corpusCase.source },
    sandbox: hostileSandbox(corpusCase),
    config: corpusCase.config,
  };
  // The plan binds the witness's name to it, as a plan should for a tool whose calls matter.
  const witness = {
    module: WITNESS_ID,
    source: { inline: WITNESS_SOURCE },
    sandbox: { ...TIME_OUT_OF_REACH, permissions: { names: ["witness"] } },
  };
  const mock = { module: "provider-mock", config: { script: script(corpusCase), when_exhausted: "repeat_last" } };
  return {
    session: {
      orchestrator: kind === "orchestrator" ? hostile : "loop-basic",
      context: kind === "context" ? hostile : "context-simple",
      ...corpusCase.session,
    },
    providers: [kind === "provider" ? hostile : mock],
    tools: kind === "tool" ? [witness, hostile] : [witness],
    hooks: kind === "hook" ? [...corpusCase.hooks, hostile] : corpusCase.hooks,
  };
}
