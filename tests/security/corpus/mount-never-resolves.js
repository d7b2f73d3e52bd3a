// @expect {"category":"mount","title":"mount() that never resolves","kind":"tool","expect":{"mount":{"reason":"mount_failed","error":"never settles"},"killed":["timeout"],"tools_mounted":["witness"]}}
// Tries: to hold session start forever: mount() awaits a promise nothing will ever settle.
// Must: fail this module's mount (non-fatal, module:load_failed) as soon as the host sees it can
// never finish (killed: timeout); the session starts without it and the tool it mounted is withdrawn.
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "hostile", description: "half mounted", async execute() { return "x"; } });
  await new Promise(() => {});
}
