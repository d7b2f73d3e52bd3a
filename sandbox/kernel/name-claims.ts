/**
 * Who may mount a tool or provider name, among a session's sandboxed modules. A name is bound to a
 * module by the plan (`permissions.names`), never by who mounts first: a module listed before
 * another once took its tool's name and received the inputs meant for it.
 *
 * - A name the plan binds to a module is its own: another sandboxed module that holds it (because
 *   it was loaded first) loses it the moment the owner is loaded, and may not take it later.
 * - A name nobody declares goes to the first claimant, until a second sandboxed module claims it:
 *   then neither has it (the first is withdrawn, the second refused, both reported). A squatter
 *   can deny a name, never take it; declaring the name in the plan settles it.
 */
import type { Coordinator } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";

/** A name a sandboxed module holds, and how to take it back. */
interface Holding {
  readonly moduleId: string;
  readonly evict: (reason: string) => Promise<void>;
}

/** The claims of one session's sandboxed modules, by `mountPoint:name`. */
export class NameClaims {
  readonly #owners = new Map<string, string>();
  readonly #holders = new Map<string, Holding>();
  readonly #contested = new Set<string>();

  /**
   * Records the names the plan binds to `moduleId`, taking each back from any other sandboxed
   * module that holds it now.
   */
  async declare(moduleId: string, names: readonly string[]): Promise<void> {
    for (const name of names) {
      for (const mountPoint of ["tools", "providers"]) {
        const key = `${mountPoint}:${name}`;
        this.#owners.set(key, moduleId);
        const holder = this.#holders.get(key);
        if (holder && holder.moduleId !== moduleId) {
          this.#holders.delete(key);
          await holder.evict(`the plan binds "${name}" to ${moduleId}`);
        }
      }
    }
  }

  /**
   * Claims `name` on `mountPoint` for `moduleId`.
   *
   * @throws KernelError `name_conflict` when the name is another module's, or contested.
   */
  async claim(moduleId: string, mountPoint: string, name: string, holding: Holding["evict"]): Promise<void> {
    const key = `${mountPoint}:${name}`;
    const owner = this.#owners.get(key);
    if (owner !== undefined && owner !== moduleId) {
      throw new KernelError(
        "name_conflict",
        `${moduleId} may not mount ${mountPoint} "${name}": the plan binds it to ${owner} (permissions.names)`,
        { data: { name, owner } },
      );
    }
    const holder = this.#holders.get(key);
    if (owner === undefined && (this.#contested.has(key) || (holder && holder.moduleId !== moduleId))) {
      this.#contested.add(key);
      if (holder) {
        this.#holders.delete(key);
        await holder.evict(`${moduleId} claims "${name}" too`);
      }
      throw new KernelError(
        "name_conflict",
        `${moduleId} may not mount ${mountPoint} "${name}": another sandboxed module claims it too, so neither gets it; bind it to one of them in the plan (sandbox.permissions.names)`,
        { data: { name, ...(holder ? { other: holder.moduleId } : {}) } },
      );
    }
    this.#holders.set(key, { moduleId, evict: holding });
  }

  /** Gives up a name (the module unmounted it, or was withdrawn). */
  release(moduleId: string, mountPoint: string, name: string): void {
    const key = `${mountPoint}:${name}`;
    if (this.#holders.get(key)?.moduleId === moduleId) this.#holders.delete(key);
  }
}

const claimsOf = new WeakMap<Coordinator, NameClaims>();

/** The name claims of the session `coordinator` belongs to. */
export function nameClaimsFor(coordinator: Coordinator): NameClaims {
  let claims = claimsOf.get(coordinator);
  if (!claims) {
    claims = new NameClaims();
    claimsOf.set(coordinator, claims);
  }
  return claims;
}
