import { describe, expect, it } from "vitest";
import { hostMatches, isHostGranted } from "../../../sandbox/kernel/capabilities/host-pattern.ts";
import {
  NO_PERMISSIONS,
  permissionWarnings,
  resolvePermissions,
} from "../../../sandbox/kernel/capabilities/permissions.ts";
import { KernelError } from "../../../src/index.ts";

function refusal(block: unknown): string {
  try {
    resolvePermissions({ permissions: block } as never);
  } catch (error) {
    expect(KernelError.is(error, "invalid_config")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected the permissions to be refused");
}

describe("sandbox permissions", () => {
  it("grants nothing by default", () => {
    expect(resolvePermissions(undefined)).toBe(NO_PERMISSIONS);
    expect(resolvePermissions({ memory_mb: 32 })).toEqual({
      fetch: [],
      secrets: [],
      capabilities: [],
      transcript: false,
      storage: undefined,
      hooks: undefined,
      inject: [],
      display: false,
      approval: false,
      names: [],
    });
  });

  it("normalizes hosts and resolves every grant", () => {
    const permissions = resolvePermissions({
      permissions: {
        fetch: ["API.Example.com.", "*.cdn.example.com"],
        secrets: [{ host: "api.example.com", header: "Authorization", secret: "KEY", format: "Bearer {secret}" }],
        capabilities: ["session.working_dir", "session.working_dir"],
        transcript: true,
        storage: { quota_bytes: 4096 },
      },
    });
    expect(permissions).toEqual({
      fetch: ["api.example.com", "*.cdn.example.com"],
      secrets: [{ host: "api.example.com", header: "Authorization", secret: "KEY", format: "Bearer {secret}" }],
      capabilities: ["session.working_dir"],
      transcript: true,
      storage: { quotaBytes: 4096 },
      hooks: undefined,
      inject: [],
      display: false,
      approval: false,
      names: [],
    });
  });

  it("refuses malformed grants, naming the entry", () => {
    expect(refusal({ fetch: ["https://api.example.com"] })).toMatch(
      /sandbox\.permissions\.fetch\[0\]: .* without scheme or path/,
    );
    expect(refusal({ fetch: ["api.example.com", "*"] })).toMatch(/fetch\[1\]: "\*" must be a host or "\*\.domain"/);
    expect(refusal({ fetch: ["api.*.example.com"] })).toMatch(/fetch\[0\].*one wildcard, leftmost/);
    expect(refusal({ fetch: ["localhost"] })).toMatch(/fetch\[0\].*dotted host name/);
    expect(refusal({ fetch: ["api.example.com:99999"] })).toMatch(/host:port, without scheme or path/);
    expect(refusal({ fetch: ["api.example.com/v1"] })).toMatch(/without scheme or path/);
    expect(refusal({ fetch: [42] })).toMatch(/^sandbox\.permissions\.fetch\.0: /);
    expect(refusal({ fetches: ["x.example"] })).toMatch(/sandbox\.permissions: .*fetches/);
    expect(refusal({ transcript: "yes" })).toMatch(/sandbox\.permissions\.transcript: /);
    expect(refusal({ storage: { quota_bytes: -1 } })).toMatch(/sandbox\.permissions\.storage\.quota_bytes/);
  });

  it("a secret may only go to one exact host the fetch grant names", () => {
    const secret = { header: "authorization", secret: "KEY" };
    expect(refusal({ fetch: ["api.example.com"], secrets: [{ ...secret, host: "evil.example" }] })).toMatch(
      /secrets\[0\]\.host: "evil\.example" must be one exact host \(and port, 443 unless it says\) that permissions\.fetch grants/,
    );
    // A grant of a host is a grant of port 443: a credential for another port needs that port granted.
    expect(refusal({ fetch: ["api.example.com"], secrets: [{ ...secret, host: "api.example.com:8443" }] })).toMatch(
      /secrets\[0\]\.host/,
    );
    expect(
      resolvePermissions({
        permissions: { fetch: ["api.example.com:8443"], secrets: [{ ...secret, host: "API.example.com:8443" }] },
      }).secrets[0]?.host,
    ).toBe("api.example.com:8443");
    expect(refusal({ fetch: ["*.example.com"], secrets: [{ ...secret, host: "*.example.com" }] })).toMatch(
      /secrets\[0\]\.host/,
    );
    expect(
      refusal({ fetch: ["api.example.com"], secrets: [{ ...secret, host: "api.example.com", format: "Bearer" }] }),
    ).toMatch(/secrets\[0\]\.format: must contain "\{secret\}"/);
  });

  it("warns when a module may read the transcript and reach the network", () => {
    expect(permissionWarnings(resolvePermissions({ permissions: { transcript: true } }))).toEqual([]);
    expect(permissionWarnings(resolvePermissions({ permissions: { fetch: ["api.example.com"] } }))).toEqual([]);
    const [warning] = permissionWarnings(
      resolvePermissions({ permissions: { transcript: true, fetch: ["api.example.com"] } }),
    );
    expect(warning).toMatch(/can read the conversation and send it to those hosts/);
  });

  it("warns when a hook may reach the network, and when a module may speak as the user or the assistant", () => {
    const fetching = resolvePermissions({ permissions: { fetch: ["api.example.com"] } });
    expect(permissionWarnings(fetching, "tool")).toEqual([]);
    expect(permissionWarnings(fetching, "hook")).toEqual([
      expect.stringMatching(
        /^hooks on every event with permissions\.fetch \(api\.example\.com\): .*sees which tools run/,
      ),
    ]);
    const narrowed = resolvePermissions({ permissions: { fetch: ["api.example.com"], hooks: ["tool:post"] } });
    expect(permissionWarnings(narrowed, "tool")).toEqual([expect.stringMatching(/^hooks on tool:post with/)]);
    expect(permissionWarnings(resolvePermissions({ permissions: { inject: ["system"] } }))).toEqual([]);
    expect(permissionWarnings(resolvePermissions({ permissions: { inject: ["system", "user"] } }))).toEqual([
      expect.stringMatching(/permissions\.inject \(user\): .*as the user's/),
    ]);
  });

  it("matches exact hosts and one level of wildcard subdomains", () => {
    expect(hostMatches("api.example.com", "api.example.com")).toBe(true);
    expect(hostMatches("API.EXAMPLE.COM.", "api.example.com")).toBe(true);
    expect(hostMatches("v2.api.example.com", "api.example.com")).toBe(false);
    expect(hostMatches("a.example.com", "*.example.com")).toBe(true);
    expect(hostMatches("a.b.example.com", "*.example.com")).toBe(true);
    expect(hostMatches("example.com", "*.example.com")).toBe(false);
    expect(hostMatches("evilexample.com", "*.example.com")).toBe(false);
    expect(hostMatches("example.com.evil.io", "example.com")).toBe(false);
    expect(isHostGranted("api.example.com", ["api.example.com"])).toBe(true);
    expect(isHostGranted("api.example.com", ["api.example.com"], 8443)).toBe(false);
    expect(isHostGranted("api.example.com", ["api.example.com:8443"], 8443)).toBe(true);
    expect(isHostGranted("api.example.com", ["api.example.com:8443"])).toBe(false);
    expect(isHostGranted("a.example.com", ["*.example.com:2375"], 2375)).toBe(true);
  });
});
