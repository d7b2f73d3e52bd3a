// @expect {"category":"cpu","title":"a tool whose promise never settles","kind":"tool","expect":{"tool":{"success":false,"code":"sandbox_timeout","message":"never settles"},"killed":["timeout"]}}
// Tries: to hang the turn without using any CPU: execute() returns a promise nothing will ever
// settle (no job pending, no host call in flight).
// Must: be failed as data as soon as the host sees the guest can never answer (no job and no host
// call left that could settle it): killed as a timeout without waiting for the clock; the turn goes on.
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "waits",
    execute() {
      return new Promise(() => {});
    },
  });
}
