// The bench's Worker entry: the default Cloudflare service, exporting only what workerd accepts
// from a main module (the handler and the Durable Object class). worker/cloudflare/index.ts also
// exports constants and helpers, which `wrangler dev` refuses as entry exports.
import worker, { SessionObject } from "../../worker/cloudflare/index.ts";

export { SessionObject };
export default worker;
