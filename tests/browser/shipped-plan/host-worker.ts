/**
 * The web host worker of the shipped-plan suite: the ready-made host (`serveWorkerHost`, each
 * sandboxed module in a dedicated Web Worker by `HostResources`), its sandboxes' granted fetch sent
 * to the loopback API whose origin the page passes as this worker's name, and an empty store.
 */
import { serveWorkerHost } from "../../../worker/web/index.ts";
import { loopbackFetch } from "../../suites/shipped-plan/route.ts";

await serveWorkerHost({
  databaseName: `shipped-plan-${crypto.randomUUID()}`,
  capabilities: { fetch: loopbackFetch(self.name) },
});
