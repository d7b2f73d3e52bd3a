/**
 * A host worker with one trusted module whose cleanup never finishes, as a buggy app module's
 * might: the page's `dispose()` must still end the worker.
 */
import { builtinModules } from "../../../src/modules/index.ts";
import { serveWorkerHost } from "../../../worker/web/index.ts";

await serveWorkerHost({
  databaseName: `web-test-${self.name}`,
  modules: {
    ...builtinModules,
    "hooks-stuck": {
      id: "hooks-stuck",
      type: "hook",
      async mount(coordinator) {
        coordinator.hooks.register("tool:pre", () => undefined, { name: "stuck" });
        return () => new Promise<never>(() => {});
      },
    },
  },
});
