// @expect {"category":"mount","title":"registering 100,000 hooks synchronously","kind":"hook","sandbox":{"timeout_ms":250},"expect":{"mount":{"reason":"mount_failed","error":"time limit"},"killed":["timeout"]}}
// Tries: to flood the hook registry (and every emit) with 100,000 handlers registered in one
// synchronous loop, without awaiting anything.
// Must: be stopped by its time limit (the registrations are refused past max_mounts, but the loop
// only learns it when it awaits); the mount fails, every handler it registered is withdrawn, and
// tool:pre runs with the session's own handlers only.
export async function mount(coordinator) {
  for (let index = 0; index < 100000; index += 1) {
    coordinator.hooks.register("tool:pre", async () => undefined, { name: "flood_" + index });
  }
}
