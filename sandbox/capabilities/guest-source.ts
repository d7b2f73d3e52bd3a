/**
 * Guest-side half of the capability gates (module scope of the prelude, after the coordinator):
 * `installGrants(grants)` runs before the module's `mount()`. It defines `fetch` only when the
 * module was granted hosts, gives `coordinator.storage` and a read-only transcript view through
 * `coordinator.get("context")`, and serves granted capabilities from `get_capability`. Whatever the
 * guest calls, the kernel decides again: these are conveniences, not the enforcement.
 */

/** JavaScript source (module scope) of the guest capability helpers. */
export const GUEST_CAPABILITIES_SOURCE = String.raw`
function readHeaders(given) {
  const headers = createObject(null);
  if (given === undefined || given === null) return headers;
  if (isArray(given)) {
    for (const pair of given) headers[toText(pair[0]).toLowerCase()] = toText(pair[1]);
  } else if (typeof given.forEach === "function" && typeof given.get === "function") {
    given.forEach((value, name) => { headers[toText(name).toLowerCase()] = toText(value); });
  } else if (typeof given === "object") {
    for (const name of objectKeys(given)) headers[name.toLowerCase()] = toText(given[name]);
  }
  return headers;
}

function guestResponse(reply) {
  let used = false;
  const take = () => {
    if (used) throw new TypeError("the body of this response was already read");
    used = true;
    return reply.body;
  };
  const headers = reply.headers;
  return {
    url: reply.url,
    status: reply.status,
    statusText: reply.statusText,
    ok: reply.status >= 200 && reply.status < 300,
    redirected: reply.redirected,
    headers: {
      get(name) { const value = headers[toText(name).toLowerCase()]; return value === undefined ? null : value; },
      has(name) { return headers[toText(name).toLowerCase()] !== undefined; },
      forEach(callback) { for (const name of objectKeys(headers)) callback(headers[name], name); },
      entries() { return objectKeys(headers).map((name) => [name, headers[name]])[Symbol.iterator](); },
    },
    get bodyUsed() { return used; },
    async text() { return take(); },
    async json() { return jsonParse(take()); },
  };
}

async function guestFetch(input, init) {
  const url = typeof input === "string" ? input : input !== null && typeof input === "object" && typeof input.url === "string" ? input.url : toText(input);
  const options = init !== null && typeof init === "object" ? init : {};
  const body = options.body === undefined || options.body === null ? null : options.body;
  if (body !== null && typeof body !== "string") {
    throw kernelError("invalid_argument", "fetch: a sandboxed module can only send a string body (use JSON.stringify)");
  }
  const method = options.method === undefined ? "GET" : toText(options.method).toUpperCase();
  return guestResponse(await request("fetch", { url, method, headers: readHeaders(options.headers), body }));
}

const storage = {
  async get(key) { return request("storage", { method: "get", key: toText(key) }); },
  async set(key, value) { await request("storage", { method: "set", key: toText(key), value: value === undefined ? null : value }); },
  async delete(key) { await request("storage", { method: "delete", key: toText(key) }); },
  async keys() { return request("storage", { method: "keys" }); },
};

const transcript = {
  async get_messages() { return request("transcript", { method: "get_messages" }); },
};

function capabilityValue(name, snapshot) {
  if (snapshot.kind === "value") return snapshot.value === null || typeof snapshot.value !== "object" ? snapshot.value : jsonParse(jsonStringify(snapshot.value));
  if (snapshot.kind === "function") return (...args) => request("capability.call", { name, method: null, args });
  const methods = jsonParse(jsonStringify(snapshot.data));
  for (const method of snapshot.methods) methods[method] = (...args) => request("capability.call", { name, method, args });
  return methods;
}

function installGrants(grants) {
  const given = grants !== null && typeof grants === "object" ? grants : {};
  const capabilities = given.capabilities !== null && typeof given.capabilities === "object" ? given.capabilities : {};
  if (given.fetch === true) globalThis.fetch = guestFetch;
  coordinator.storage = storage;
  const ownGet = coordinator.get;
  coordinator.get = function get(mountPoint, name) {
    if (mountPoint === "context" && own.context === null) return transcript;
    return ownGet(mountPoint, name);
  };
  const denied = (action, key) => {
    // The kernel reports the denial as a policy:violation; the guest gets the same answer at once.
    // The report is awaited before the current call returns (like a registration), never thrown.
    const reported = request("capability", { action, name: key }).then(undefined, () => undefined);
    registrations[registrations.length] = { promise: reported, error: undefined };
    return kernelError("capability_denied", "capability_denied: " + action + "_capability(\"" + key + "\") is not in this module's permissions");
  };
  coordinator.get_capability = function get_capability(name) {
    const key = toText(name);
    const snapshot = capabilities[key];
    if (snapshot === undefined) throw denied("get", key);
    return snapshot.kind === "absent" ? undefined : capabilityValue(key, snapshot);
  };
  coordinator.register_capability = function register_capability(name, value) {
    const key = toText(name);
    if (capabilities[key] === undefined) throw denied("register", key);
    const data = value === undefined ? null : value;
    capabilities[key] = { kind: "value", value: jsonParse(jsonStringify(data)) };
    track(request("capability", { action: "register", name: key, value: data }));
  };
}
`;
