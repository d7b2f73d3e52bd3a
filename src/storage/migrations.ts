/**
 * Versioned schemas. Each store keeps its schema version with its data (IndexedDB's database
 * version, a row in the Durable Object's SQLite, a field of every Workers KV record) and upgrades
 * old data with numbered steps. Data written by a newer version is refused, never guessed at.
 */
import { KernelError } from "../errors.ts";

/** One upgrade step, from `version - 1` to `version`. */
export interface Migration<Context> {
  readonly version: number;
  readonly description: string;
  up(context: Context): void;
}

/**
 * The steps that take data from version `from` to version `to`, in order.
 * @throws KernelError `storage_failed` when the data is newer than `to`, or a step is missing.
 */
export function planMigrations<Context>(
  store: string,
  migrations: readonly Migration<Context>[],
  from: number,
  to: number,
): Migration<Context>[] {
  if (from > to) throw newerSchemaError(store, from, to);
  const steps: Migration<Context>[] = [];
  for (let version = from + 1; version <= to; version += 1) {
    const step = migrations.find((migration) => migration.version === version);
    if (step === undefined) {
      throw new KernelError("storage_failed", `${store} store: no migration to schema version ${version}`, {
        data: { store, reason: "missing_migration", version },
      });
    }
    steps.push(step);
  }
  return steps;
}

/** The error for data written by a newer version of this code. */
export function newerSchemaError(store: string, found: number, supported: number): KernelError {
  return new KernelError(
    "storage_failed",
    `${store} store: the stored data has schema version ${found}, newer than this code supports (${supported}). ` +
      "It was written by a newer version of amplifier-edge: update (reload) this one; the data was left untouched.",
    { data: { store, reason: "newer_schema", found, supported } },
  );
}
