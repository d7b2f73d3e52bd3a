/**
 * Secrets recognisable by their shape: provider API keys, cloud and VCS tokens, JWTs, private
 * keys, bearer tokens, and `key = value` pairs whose key says "secret" (values of at least six
 * characters that are not plain numbers, so `max_tokens=4096` stays readable). No pattern has nested
 * or unbounded ambiguous quantifiers, so scanning large (possibly hostile) tool output stays cheap.
 */

/** A named secret pattern; `group`, when set, is the part of the match to mask. */
export interface SecretPattern {
  readonly name: string;
  readonly pattern: RegExp;
  readonly group?: number;
}

/** The built-in patterns. */
export const BUILTIN_SECRET_PATTERNS: readonly SecretPattern[] = Object.freeze([
  { name: "private_key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g },
  { name: "anthropic_or_openai_key", pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g },
  { name: "aws_access_key", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: "github_token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g },
  { name: "slack_token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: "google_api_key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: "stripe_key", pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { name: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: "bearer_token", pattern: /\b((?:Bearer|Basic)\s+)([A-Za-z0-9._~+/=-]{12,})/g, group: 2 },
  {
    name: "secret_assignment",
    pattern:
      /\b([A-Za-z0-9_.-]{0,40}(?:api[_-]?key|secret|password|passwd|token|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]{0,40})(["']?\s*[:=]\s*["']?)(?![0-9.]+\b)([^\s"',;}{]{6,})/gi,
    group: 3,
  },
]);

/** Masks every match of `patterns` in `text`; returns the new text and how many were masked. */
export function maskPatterns(
  text: string,
  patterns: readonly SecretPattern[],
  mask: string,
): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const { pattern, group } of patterns) {
    out = out.replace(pattern, (...args: unknown[]) => {
      const whole = args[0] as string;
      if (whole.includes(mask) && group === undefined) return whole;
      count++;
      if (group === undefined) return mask;
      const groups = args.slice(1, -2) as Array<string | undefined>;
      const secret = groups[group - 1];
      if (secret === undefined || secret === mask) {
        count--;
        return whole;
      }
      return groups.map((part, index) => (index === group - 1 ? mask : (part ?? ""))).join("");
    });
  }
  return { text: out, count };
}
