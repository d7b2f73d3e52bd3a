/**
 * Produces the table of SECURITY.md from a run of the security suites: for each category, how many
 * cases there are, how many were contained (passed) in every runtime, and which runtimes ran them.
 *
 *   tsx scripts/security-table.ts            runs the suites in node, Chromium and workerd, prints the table
 *   tsx scripts/security-table.ts --write    ...and writes it into SECURITY.md between its markers
 *   tsx scripts/security-table.ts --report r.json [--write]   uses a saved Vitest JSON report instead
 *
 * Rows come from test names: the corpus registers `hostile-module corpus in <runtime>` > category >
 * case; the other security suites register `security: <row> in <runtime>` > ... > test. A case
 * counts as contained only when it passed in every runtime it ran in.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SUITE_FILES = ["tests/security", "tests/browser/security", "tests/workerd/security"];
const START = "<!-- security-table:start -->";
const END = "<!-- security-table:end -->";
const CORPUS = /^hostile-module corpus in (.+)$/;
const OTHER = /^security: (.+) in (.+)$/;

interface AssertionResult {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
}

interface JsonReport {
  readonly testResults: readonly { readonly assertionResults: readonly AssertionResult[] }[];
}

/** One row: the cases of a category and, per case, whether it passed in each runtime. */
interface Row {
  readonly cases: Map<string, Map<string, boolean>>;
  readonly runtimes: Set<string>;
}

function runSuites(): JsonReport {
  const output = join(mkdtempSync(join(tmpdir(), "security-table-")), "report.json");
  const args = ["vitest", "run", "--project", "unit", "--project", "browser", "--project", "workerd"];
  try {
    execFileSync("npx", [...args, ...SUITE_FILES, "--reporter=json", `--outputFile=${output}`], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch {
    // Failing cases still write the report; the table shows them.
  }
  return JSON.parse(readFileSync(output, "utf8")) as JsonReport;
}

/** Groups every security test of `report` into rows. */
export function tableRows(report: JsonReport): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const [top = "", second = ""] = test.ancestorTitles;
      const corpus = CORPUS.exec(top);
      const other = OTHER.exec(top);
      const row = corpus ? second : other?.[1];
      const runtime = corpus ? corpus[1] : other?.[2];
      if (!row || !runtime || test.status === "skipped" || test.status === "pending") continue;
      const entry = rows.get(row) ?? { cases: new Map(), runtimes: new Set() };
      rows.set(row, entry);
      entry.runtimes.add(runtime);
      const name = [...test.ancestorTitles.slice(corpus ? 2 : 1), test.title].join(" > ");
      const results = entry.cases.get(name) ?? new Map<string, boolean>();
      entry.cases.set(name, results);
      results.set(runtime, test.status === "passed");
    }
  }
  return rows;
}

/** The Markdown table, corpus categories first, then the other suites, with a total. */
export function renderTable(rows: Map<string, Row>): string {
  const lines = ["| Category | Cases | Contained | Runtimes | Not contained |", "| --- | ---: | ---: | --- | --- |"];
  let total = 0;
  let contained = 0;
  for (const [category, row] of rows) {
    const failing = [...row.cases].filter(([, results]) => [...results.values()].some((passed) => !passed));
    const held = row.cases.size - failing.length;
    total += row.cases.size;
    contained += held;
    const percent = row.cases.size === 0 ? 100 : Math.floor((held / row.cases.size) * 100);
    const open = failing.map(([name, results]) => {
      const where = [...results].filter(([, passed]) => !passed).map(([runtime]) => runtime);
      return `${name.split(":")[0]} (${where.join(", ")})`;
    });
    lines.push(
      `| ${category} | ${row.cases.size} | ${held} (${percent}%) | ${[...row.runtimes].sort().join(", ")} | ${open.join("; ") || "none"} |`,
    );
  }
  lines.push(`| **all** | **${total}** | **${contained}** | | |`);
  return lines.join("\n");
}

function main(argv: readonly string[]): void {
  const reportAt = argv.indexOf("--report");
  const report =
    reportAt >= 0 && argv[reportAt + 1]
      ? (JSON.parse(readFileSync(argv[reportAt + 1] as string, "utf8")) as JsonReport)
      : runSuites();
  const table = renderTable(tableRows(report));
  console.log(table);
  if (!argv.includes("--write")) return;
  const document = readFileSync("SECURITY.md", "utf8");
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start) throw new Error(`SECURITY.md has no ${START} … ${END} block`);
  const stamp = `Produced by \`tsx scripts/security-table.ts --write\` on ${new Date().toISOString().slice(0, 10)}.`;
  writeFileSync(
    "SECURITY.md",
    `${document.slice(0, start + START.length)}\n${table}\n\n${stamp}\n${document.slice(end)}`,
  );
}

main(process.argv.slice(2));
