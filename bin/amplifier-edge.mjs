#!/usr/bin/env node
// The `amplifier-edge` CLI, compiled by `npm run build` (scripts/build-package.ts) into dist/.
import { main } from "../dist/worker/node/cli.js";

process.exitCode = await main(process.argv.slice(2));
