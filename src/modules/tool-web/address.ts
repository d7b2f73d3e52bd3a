/**
 * Which hosts `web_fetch` may reach, decided without DNS: the WHATWG URL parser first normalizes
 * every spelling of an IPv4 address (`2130706433`, `0x7f.1`, `0177.0.0.1` all become
 * `127.0.0.1`) and IPv6 literals, then the address is checked against the private, loopback,
 * link-local and reserved ranges, including IPv4 embedded in IPv6 (mapped, compatible, NAT64,
 * 6to4). Names that only resolve inside a network (`localhost`, single labels, `.local`,
 * `.internal`) are refused too. A public name that resolves to a private address cannot be caught
 * without DNS; the allow-list is the defence against that.
 */

/** IPv4 ranges refused: [first octets as a number, prefix length, what it is]. */
const BLOCKED_IPV4: ReadonlyArray<readonly [number, number, string]> = [
  [0x00000000, 8, "this-network address"],
  [0x0a000000, 8, "private address (10/8)"],
  [0x64400000, 10, "carrier-grade NAT address (100.64/10)"],
  [0x7f000000, 8, "loopback address"],
  [0xa9fe0000, 16, "link-local address (169.254/16, cloud metadata)"],
  [0xac100000, 12, "private address (172.16/12)"],
  [0xc0000000, 24, "IETF protocol address (192.0.0/24)"],
  [0xc0000200, 24, "documentation address"],
  [0xc0a80000, 16, "private address (192.168/16)"],
  [0xc6120000, 15, "benchmarking address (198.18/15)"],
  [0xc6336400, 24, "documentation address"],
  [0xcb007100, 24, "documentation address"],
  [0xe0000000, 4, "multicast address"],
  [0xf0000000, 4, "reserved address (240/4)"],
];

const BLOCKED_NAME_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet", ".corp"];

/** Parses a dotted IPv4 address (as the URL parser prints it) to a 32-bit number. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Why an IPv4 address is refused, or undefined when it is public. */
export function blockedIPv4Reason(address: number): string | undefined {
  for (const [network, prefix, reason] of BLOCKED_IPV4) {
    const size = 2 ** (32 - prefix);
    if (Math.floor(address / size) === Math.floor(network / size)) return reason;
  }
  return undefined;
}

/** Parses an IPv6 address (no brackets) into its eight 16-bit groups. */
export function parseIPv6(text: string): number[] | undefined {
  let source = text.toLowerCase();
  const zone = source.indexOf("%");
  if (zone >= 0) source = source.slice(0, zone);
  const lastColon = source.lastIndexOf(":");
  const last = source.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = parseIPv4(last);
    if (v4 === undefined || lastColon < 0) return undefined;
    source = `${source.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = source.split("::");
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const group of part.split(":")) {
      if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1 && explicit !== 8) return undefined;
  if (halves.length === 2 && explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

/** Why an IPv6 address is refused, or undefined when it is public. */
export function blockedIPv6Reason(groups: readonly number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = (high: number, low: number) => {
    const reason = blockedIPv4Reason(high * 65536 + low);
    return reason ? `IPv4-embedded ${reason}` : undefined;
  };
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 0) return "unspecified address";
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 1) return "loopback address";
  if (zeroPrefix && (g5 === 0xffff || g5 === 0))
    return embedded(g6, g7) ?? (g5 === 0 ? "IPv4-compatible address" : undefined);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return embedded(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return "local-use NAT64 address";
  if (g0 === 0x2002) return embedded(g1, g2);
  if (g0 === 0x2001 && g1 === 0) return "Teredo tunnel address";
  if (g0 === 0x2001 && g1 === 0xdb8) return "documentation address";
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return "discard address";
  if ((g0 & 0xfe00) === 0xfc00) return "unique local address (fc00::/7)";
  if ((g0 & 0xffc0) === 0xfe80) return "link-local address (fe80::/10)";
  if ((g0 & 0xffc0) === 0xfec0) return "site-local address";
  if ((g0 & 0xff00) === 0xff00) return "multicast address";
  return undefined;
}

/** Why a host name (not an IP literal) is refused, or undefined. */
export function blockedNameReason(host: string): string | undefined {
  if (host === "localhost" || host === "localhost.localdomain") return "loopback name";
  if (!host.includes(".")) return "single-label name (resolves only inside a network)";
  for (const suffix of BLOCKED_NAME_SUFFIXES) if (host.endsWith(suffix)) return `internal name (*${suffix})`;
  return undefined;
}

/** Why the host of a parsed URL is refused, or undefined when it is a public host. */
export function blockedHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host === "") return "empty host";
  if (host.startsWith("[")) {
    const groups = parseIPv6(host.slice(1, -1));
    return groups ? blockedIPv6Reason(groups) : "malformed IPv6 address";
  }
  const v4 = parseIPv4(host);
  if (v4 !== undefined) return blockedIPv4Reason(v4);
  return blockedNameReason(host);
}

/** True when `host` is `domain` or a subdomain of it (`*.domain` entries match subdomains only). */
export function hostMatchesDomain(host: string, domain: string): boolean {
  const normalizedHost = host.toLowerCase().replace(/\.+$/, "");
  const entry = domain.toLowerCase().replace(/\.+$/, "");
  if (entry.startsWith("*.")) return normalizedHost.endsWith(entry.slice(1));
  return normalizedHost === entry || normalizedHost.endsWith(`.${entry}`);
}
