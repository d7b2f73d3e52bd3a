/**
 * Writes the figures of bench/results/latest.json into BENCHMARKS.md, between the
 * `<!-- latest:start -->` and `<!-- latest:end -->` markers: `npx tsx bench/render-results.ts`.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import type { MetricResult } from "./harness.ts";

const START = "<!-- latest:start -->";
const END = "<!-- latest:end -->";

/** A Markdown table of the results, one row per metric. */
export function resultsTable(results: Record<string, MetricResult>): string {
  const escapePipes = (text: string) => text.replaceAll("|", "\\|");
  const rows = Object.entries(results).map(([name, result]) => {
    const target = result.target ? `${result.target.op} ${result.target.value}` : "–";
    const status = result.met === undefined ? "–" : result.met ? "met" : "**MISSED**";
    return `| \`${name}\` | ${result.value} ${result.unit} | ${target} | ${status} | ${result.runs} | ${escapePipes(result.note)} |`;
  });
  return ["| metric | median | target | status | runs | note |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

const source = "bench/results/latest.json";
const results = JSON.parse(readFileSync(source, "utf8")) as Record<string, MetricResult>;
const document = readFileSync("BENCHMARKS.md", "utf8");
const start = document.indexOf(START);
const end = document.indexOf(END);
if (start === -1 || end < start) throw new Error(`BENCHMARKS.md has no ${START} … ${END} section`);
const stamp = statSync(source).mtime.toISOString().replace("T", " ").slice(0, 16);
const section = `${START}\n\nFrom \`${source}\`, written ${stamp} UTC.\n\n${resultsTable(results)}\n\n${END}`;
writeFileSync("BENCHMARKS.md", document.slice(0, start) + section + document.slice(end + END.length));
process.stdout.write(`BENCHMARKS.md: ${Object.keys(results).length} metrics from ${source}\n`);
