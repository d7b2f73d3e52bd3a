// @expect {"category":"mount","title":"mounting 100,000 tools","kind":"tool","expect":{"mount":{"reason":"mount_failed","error":"mounts"},"tools_mounted":["witness"]}}
// Tries: to flood the coordinator (and every model request's tool list) with 100,000 tools.
// Must: stop at the max_mounts cap (32 by default) and fail this module's mount; the tools it did
// mount before the cap are withdrawn; the session starts with the witness only.
export async function mount(coordinator) {
  for (let index = 0; index < 100000; index += 1) {
    await coordinator.mount("tools", {
      name: "flood_" + index,
      description: "one of many",
      async execute() { return "x"; },
    });
  }
}
