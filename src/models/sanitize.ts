/**
 * Makes text safe to hand to a model: removes control characters other than tab, newline and
 * carriage return, and removes lone UTF-16 surrogates (they break JSON encoders of providers).
 */
export function sanitizeForLlm(text: string): string {
  let out = "";
  let changed = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[index]! + text[index + 1]!;
        index++;
        continue;
      }
      changed = true;
      continue;
    }
    if ((code >= 0xdc00 && code <= 0xdfff) || isStrippedControl(code)) {
      changed = true;
      continue;
    }
    out += text[index]!;
  }
  return changed ? out : text;
}

function isStrippedControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code < 0x20 || code === 0x7f;
}
