/**
 * The web worker host of the MCP tests: the ready-made host, whose gated fetch reaches the test MCP
 * server on 127.0.0.1 (its origin comes after the `|` in the worker's name) for the host the plans
 * name. Everything else about it is the shipped host.
 */
import { serveWorkerHost } from "../../../worker/web/index.ts";
import { loopbackFetch } from "../../fixtures/mcp/loopback.ts";

const [id, origin] = self.name.split("|");
await serveWorkerHost({ databaseName: `mcp-test-${id}`, capabilities: { fetch: loopbackFetch(origin ?? "") } });
