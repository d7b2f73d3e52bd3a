// @expect {"category":"provider responses","title":"a provider whose stream never ends","kind":"provider","session":{"orchestrator":"loop-streaming"},"sandbox":{"stream_max_events":500,"timeout_ms":60000},"expect":{"turn":{"rejects":"provider_failed","message":"stream_max_events"}}}
// Tries: to stream text forever, so the host keeps receiving, storing and showing it (a stream
// with no end streamed 278 MiB in 10 s with no limit tripped).
// Must: be closed at the per-turn cap (here 500 events) with a clear error naming the cap; the
// module is not killed and the session goes on.
export async function mount(coordinator) {
  await coordinator.mount(
    "providers",
    {
      name: "endless",
      get_info() {
        return { id: "endless", display_name: "Endless", credential_env_vars: [], capabilities: ["streaming"], defaults: {} };
      },
      async list_models() {
        return [];
      },
      async complete(request) {
        const last = request.messages.at(-1);
        return { content: [{ type: "text", text: last?.content === "attack" ? "" : "ready" }] };
      },
      parse_tool_calls() {
        return [];
      },
      async *stream(request) {
        const last = request.messages.at(-1);
        if (last?.content !== "attack") {
          yield { type: "text_delta", index: 0, text: "ready" };
          yield { type: "done", response: { content: [{ type: "text", text: "ready" }], finish_reason: "stop" } };
          return;
        }
        for (;;) yield { type: "text_delta", index: 0, text: "more " };
      },
    },
    { name: "endless" },
  );
}
