// @ts-check
/**
 * The guest half of the capability gates, installed before the module's `mount()`: `fetch` exists
 * only when the module was granted hosts; `coordinator.storage`, a read-only transcript through
 * `coordinator.get("context")`, and granted capabilities through `get_capability`. Whatever the guest
 * calls, the kernel decides again: these are conveniences, not the enforcement.
 */
import { kernelError } from "./boundary.js";
import { request, track } from "./bridge.js";
import { coordinator, denyCapability, own } from "./coordinator.js";
import { createObject, isArray, jsonParse, jsonStringify, objectKeys, toText } from "./intrinsics.js";

/**
 * @param {unknown} given
 * @returns {Record<string, string>}
 */
function readHeaders(given) {
  /** @type {Record<string, string>} */
  const headers = createObject(null);
  if (given === undefined || given === null) return headers;
  const source = /** @type {any} */ (given);
  if (isArray(source)) {
    for (const pair of source) headers[toText(pair[0]).toLowerCase()] = toText(pair[1]);
  } else if (typeof source.forEach === "function" && typeof source.get === "function") {
    source.forEach((/** @type {unknown} */ value, /** @type {unknown} */ name) => {
      headers[toText(name).toLowerCase()] = toText(value);
    });
  } else if (typeof source === "object") {
    for (const name of objectKeys(source)) headers[name.toLowerCase()] = toText(source[name]);
  }
  return headers;
}

/**
 * A `Response` look-alike built from the data the host's fetch gate returned.
 * @param {{ url: string, status: number, statusText: string, headers: Record<string, string>, body: string, redirected: boolean }} reply
 */
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
      /** @param {unknown} name */
      get(name) {
        const value = headers[toText(name).toLowerCase()];
        return value === undefined ? null : value;
      },
      /** @param {unknown} name */
      has(name) {
        return headers[toText(name).toLowerCase()] !== undefined;
      },
      /** @param {(value: string, name: string) => void} callback */
      forEach(callback) {
        for (const name of objectKeys(headers)) callback(/** @type {string} */ (headers[name]), name);
      },
      entries() {
        return objectKeys(headers)
          .map((name) => [name, headers[name]])
          [Symbol.iterator]();
      },
    },
    get bodyUsed() {
      return used;
    },
    async text() {
      return take();
    },
    async json() {
      return jsonParse(take());
    },
  };
}

/**
 * The guest's `fetch`: the host performs it under the module's grant.
 * @param {unknown} input
 * @param {any} [init]
 */
async function guestFetch(input, init) {
  const target = /** @type {any} */ (input);
  const url =
    typeof target === "string"
      ? target
      : target !== null && typeof target === "object" && typeof target.url === "string"
        ? target.url
        : toText(target);
  const options = init !== null && typeof init === "object" ? init : {};
  const body = options.body === undefined || options.body === null ? null : options.body;
  if (body !== null && typeof body !== "string") {
    throw kernelError("invalid_argument", "fetch: a sandboxed module can only send a string body (use JSON.stringify)");
  }
  const method = options.method === undefined ? "GET" : toText(options.method).toUpperCase();
  return guestResponse(await request("fetch", { url, method, headers: readHeaders(options.headers), body }));
}

const storage = {
  /** @param {unknown} key */
  async get(key) {
    return request("storage", { method: "get", key: toText(key) });
  },
  /**
   * @param {unknown} key
   * @param {unknown} value
   */
  async set(key, value) {
    await request("storage", { method: "set", key: toText(key), value: value === undefined ? null : value });
  },
  /** @param {unknown} key */
  async delete(key) {
    await request("storage", { method: "delete", key: toText(key) });
  },
  async keys() {
    return request("storage", { method: "keys" });
  },
};

const transcript = {
  async get_messages() {
    return request("transcript", { method: "get_messages" });
  },
};

/**
 * @param {string} name
 * @param {any} snapshot
 */
function capabilityValue(name, snapshot) {
  if (snapshot.kind === "value") {
    return snapshot.value === null || typeof snapshot.value !== "object"
      ? snapshot.value
      : jsonParse(jsonStringify(snapshot.value));
  }
  if (snapshot.kind === "function") {
    return (/** @type {unknown[]} */ ...args) => request("capability.call", { name, method: null, args });
  }
  const methods = jsonParse(jsonStringify(snapshot.data));
  for (const method of snapshot.methods) {
    methods[method] = (/** @type {unknown[]} */ ...args) => request("capability.call", { name, method, args });
  }
  return methods;
}

/**
 * Installs what the module was granted.
 * @param {any} grants
 */
export function installGrants(grants) {
  const given = grants !== null && typeof grants === "object" ? grants : {};
  /** @type {Record<string, any>} */
  const capabilities =
    given.capabilities !== null && typeof given.capabilities === "object" ? given.capabilities : createObject(null);
  if (given.fetch === true) /** @type {any} */ (globalThis).fetch = guestFetch;
  coordinator.storage = storage;
  const ownGet = coordinator.get;
  coordinator.get = function get(/** @type {string} */ mountPoint, /** @type {string | undefined} */ name) {
    if (mountPoint === "context" && own.context === null) return transcript;
    return ownGet(mountPoint, name);
  };
  coordinator.get_capability = function get_capability(/** @type {unknown} */ name) {
    const key = toText(name);
    const snapshot = capabilities[key];
    if (snapshot === undefined) throw denyCapability("get", key);
    return snapshot.kind === "absent" ? undefined : capabilityValue(key, snapshot);
  };
  coordinator.register_capability = function register_capability(
    /** @type {unknown} */ name,
    /** @type {unknown} */ value,
  ) {
    const key = toText(name);
    if (capabilities[key] === undefined) throw denyCapability("register", key);
    const data = value === undefined ? null : value;
    capabilities[key] = { kind: "value", value: jsonParse(jsonStringify(data)) };
    track(request("capability", { action: "register", name: key, value: data }));
  };
}
