/**
 * The host worker the browser tests connect to: the ready-made host, with the database named
 * after the worker so that every test starts from an empty store.
 */
import { serveWorkerHost } from "../../../worker/web/host.ts";

serveWorkerHost({ databaseName: `web-test-${self.name}` });
