/**
 * Writes schemas/amplifier-manifest.schema.json, the JSON Schema of a module package's `amplifier`
 * field, from the zod schema the kernel validates with (tests/unit/packages/manifest.test.ts
 * checks that the committed file is current). Run: npm run build:schemas (it formats the file with Biome)
 */
import { writeFile } from "node:fs/promises";
import { manifestJsonSchemaText } from "../src/packages/manifest.ts";

await writeFile(new URL("../schemas/amplifier-manifest.schema.json", import.meta.url), manifestJsonSchemaText());
