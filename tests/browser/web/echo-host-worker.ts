/**
 * A host worker whose sandboxed modules' fetches reach an in-worker echo instead of the network:
 * it answers every request with what it received (URL and authorization header), so a test can
 * see what the capability gate sent, and what the guest got back.
 */
import { serveWorkerHost } from "../../../worker/web/index.ts";

await serveWorkerHost({
  databaseName: `web-test-${self.name}`,
  capabilities: {
    fetch: async (url, init) => Response.json({ url, authorization: new Headers(init.headers).get("authorization") }),
  },
});
