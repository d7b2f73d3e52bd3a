/**
 * The web client in Chromium: stored sessions listed, resumed (repaired after a crash), deleted,
 * exported as JSON and imported again.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SessionExport, WebClient } from "../../../worker/web/index.ts";
import { CALCULATOR_SCRIPT, calculatorPlan, connectTestClient, expectKernelError, recordEvents } from "./support.ts";

let client: WebClient | undefined;
afterEach(async () => {
  await client?.dispose();
  client = undefined;
});

describe("web client: stored sessions", () => {
  it("lists sessions with their titles, counts and whether they are open", async () => {
    client = await connectTestClient();
    const first = await client.createSession(calculatorPlan(CALCULATOR_SCRIPT), { sessionId: "first" });
    await first.execute("What is 6 * 7?");
    const second = await client.createSession(calculatorPlan([{ text: "Hello." }]), {
      sessionId: "second",
      title: "Greetings",
    });
    await second.execute("Hi");
    await first.close();

    const listed = await client.listSessions();
    expect(listed.map((info) => info.sessionId)).toEqual(["second", "first"]);
    expect(listed[0]).toMatchObject({ title: "Greetings", messageCount: 2, resumable: true, open: true });
    expect(listed[1]).toMatchObject({ title: "What is 6 * 7?", messageCount: 4, resumable: true, open: false });
  });

  it("resumes a closed session with its history; the next turn emits session:resume", async () => {
    client = await connectTestClient();
    const script = [...CALCULATOR_SCRIPT, { text: "You asked about 6 * 7." }];
    const session = await client.createSession(calculatorPlan(script), { sessionId: "again" });
    await session.execute("What is 6 * 7?");
    await session.close();
    await expectKernelError(session.execute("Still there?"), "not_initialized");

    const resumed = await client.resumeSession("again");
    expect(resumed.id).toBe("again");
    await expectKernelError(client.resumeSession("again"), "session_busy");
    // A resumed session's plan starts its script again: the mock answers from its first step.
    const turn = recordEvents();
    await resumed.execute("What did I ask?", { onEvent: turn.listener });
    expect(turn.names()).toContain("session:resume");
    expect(turn.names()).not.toContain("session:start");
    const messages = await resumed.messages();
    expect(messages.slice(0, 4).map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[4]).toMatchObject({ role: "user", content: "What did I ask?" });
  });

  it("exports a session as JSON, deletes it, and imports it back", async () => {
    client = await connectTestClient();
    const session = await client.createSession(calculatorPlan(CALCULATOR_SCRIPT), { sessionId: "travel" });
    await session.execute("What is 6 * 7?");
    const exported = await client.exportSession("travel");
    expect(exported).toMatchObject({ format: "amplifier-edge/session", version: 1, session_id: "travel" });
    expect(exported.plan).toEqual(calculatorPlan(CALCULATOR_SCRIPT));
    const text = JSON.stringify(exported);

    await client.deleteSession("travel");
    expect(await client.listSessions()).toEqual([]);
    await expectKernelError(client.exportSession("travel"), "invalid_argument");
    await expectKernelError(session.messages(), "not_initialized");

    expect(await client.importSession(text)).toBe("travel");
    const copyId = await client.importSession(exported);
    expect(copyId).not.toBe("travel");
    for (const id of ["travel", copyId]) {
      const restored = await client.resumeSession(id);
      expect(await restored.messages()).toEqual(exported.messages);
    }
    expect((await client.listSessions()).map((info) => info.sessionId).sort()).toEqual([copyId, "travel"].sort());
    // The copy beside its original is titled as one: the list never shows two alike.
    const titles = new Map((await client.listSessions()).map((info) => [info.sessionId, info.title]));
    expect(titles.get(copyId)).toBe(`${titles.get("travel")} (copy)`);
  });

  it("refuses a malformed export, naming the path of the problem", async () => {
    client = await connectTestClient();
    await expectKernelError(client.importSession("{ not json"), "invalid_argument");
    const bad = {
      format: "amplifier-edge/session",
      version: 1,
      session_id: "x",
      created_at: 0,
      updated_at: 0,
      plan: null,
      messages: [{ role: "wizard", content: "hi" }],
      values: {},
    } as unknown as SessionExport;
    const error = await expectKernelError(client.importSession(bad), "invalid_argument");
    expect(error.message).toContain("messages[0].role");
    expect(await client.listSessions()).toEqual([]);
  });

  it("repairs a transcript a crash left mid-turn when the session is resumed", async () => {
    client = await connectTestClient();
    const crashed: SessionExport = {
      format: "amplifier-edge/session",
      version: 1,
      session_id: "crashed",
      created_at: 1,
      updated_at: 2,
      plan: calculatorPlan([{ text: "Recovered." }]),
      messages: [
        { role: "user", content: "What is 6 * 7?" },
        {
          role: "assistant",
          content: "Computing.",
          tool_calls: [{ id: "call_1", tool: "calculator", arguments: { expression: "6 * 7" } }],
        },
      ],
      values: {},
    };
    await client.importSession(crashed);
    const events = recordEvents();
    const resumed = await client.resumeSession("crashed", { onEvent: events.listener });
    expect(events.names()).toContain("storage:repaired");
    const messages = await resumed.messages();
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[2]).toMatchObject({ role: "tool", tool_call_id: "call_1" });
    expect(await resumed.execute("Go on")).toBe("Recovered.");
  });
});
