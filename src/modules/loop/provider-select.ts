/** Which provider a loop calls. */
import type { Provider } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";

/** A chosen provider and the name it is mounted under. */
export interface SelectedProvider {
  readonly name: string;
  readonly provider: Provider;
}

/**
 * Picks `preferred` when it is mounted, else the provider with the lowest `priority` (default 100;
 * ties go to the first mounted).
 *
 * @throws KernelError `no_provider` when none is mounted, or when `preferred` names a missing one.
 */
export function selectProvider(
  providers: Record<string, Provider>,
  preferred: string | undefined,
  orchestrator: string,
): SelectedProvider {
  const names = Object.keys(providers);
  if (preferred !== undefined) {
    const provider = Object.hasOwn(providers, preferred) ? providers[preferred] : undefined;
    if (provider) return { name: preferred, provider };
    throw new KernelError(
      "no_provider",
      `${orchestrator}: default_provider "${preferred}" is not mounted (mounted: ${names.join(", ") || "none"}).`,
    );
  }
  let best: SelectedProvider | undefined;
  let bestPriority = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const provider = providers[name]!;
    const priority = typeof provider.priority === "number" ? provider.priority : 100;
    if (priority < bestPriority) {
      best = { name, provider };
      bestPriority = priority;
    }
  }
  if (!best) {
    throw new KernelError(
      "no_provider",
      `${orchestrator}: no provider is mounted; add one under providers: in the mount plan.`,
    );
  }
  return best;
}
