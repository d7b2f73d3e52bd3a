/**
 * The host worker the browser tests connect to, built with the barrel's `serveWorkerHost` (which
 * loads the kernel on demand and holds the page's first messages meanwhile), with the database
 * named after the worker so that every test starts from an empty store.
 */
import { serveWorkerHost } from "../../../worker/web/index.ts";

await serveWorkerHost({ databaseName: `web-test-${self.name}` });
