// A real npm registry for the package tests: verdaccio on 127.0.0.1 with a temporary storage and no
// uplinks, so nothing it serves comes from, or goes to, anywhere else. Prints its port, then serves
// until it is killed. Usage: node verdaccio-child.mjs <directory>
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runServer } from "verdaccio";

const directory = process.argv[2];
if (!directory) throw new Error("usage: verdaccio-child.mjs <directory>");
const config = join(directory, "config.yaml");
writeFileSync(
  config,
  [
    `storage: ${JSON.stringify(join(directory, "storage"))}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(join(directory, "htpasswd"))}`,
    "    max_users: 10",
    "uplinks: {}",
    "packages:",
    "  '**':",
    "    access: $all",
    "    publish: $authenticated",
    "web:",
    "  enable: false",
    "log: { type: stdout, format: json, level: error }",
    "",
  ].join("\n"),
);
const server = await runServer(config);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
