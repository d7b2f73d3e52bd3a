/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time
 * and the most inclusive time, with their file and line. Used to find what a missed target costs.
 *
 * Usage: `npx tsx bench/profile-summary.ts <file.cpuprofile> [rows]`
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "");
  return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
}

/** Self and inclusive milliseconds per function label. */
export function summarise(profile: Profile): { self: Map<string, number>; total: Map<string, number>; ms: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let ms = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    ms += delta;
    const node = byId.get(id);
    if (!node) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const name = label(byId.get(current)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + delta);
    }
  });
  return { self, total, ms };
}

const [file, rows = "25"] = process.argv.slice(2);
if (file) {
  const { self, total, ms } = summarise(JSON.parse(readFileSync(file, "utf8")) as Profile);
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(rows))
      .map(
        ([name, value]) =>
          `${value.toFixed(1).padStart(9)} ms ${((value / ms) * 100).toFixed(1).padStart(5)}%  ${name}`,
      )
      .join("\n");
  process.stdout.write(`total ${ms.toFixed(0)} ms\n\nself time\n${top(self)}\n\ninclusive time\n${top(total)}\n`);
}
