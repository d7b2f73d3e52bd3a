/**
 * A small arithmetic language, parsed and evaluated without `eval`: numbers, + - * / %, `^` and
 * `**` (right-associative, binding tighter than unary minus: `-2^2` is -4), parentheses, the
 * constants `pi` and `e`, and the functions listed in {@link FUNCTIONS}.
 */

/** Why an expression could not be evaluated, with the 1-based column where the problem is. */
export class ExpressionError extends Error {
  readonly column: number | undefined;
  constructor(message: string, column?: number) {
    super(column === undefined ? message : `${message} (at column ${column})`);
    this.name = "ExpressionError";
    this.column = column;
  }
}

type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "name"; value: string; at: number }
  | { kind: "operator"; value: string; at: number }
  | { kind: "end"; at: number };

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 200;

const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({ pi: Math.PI, e: Math.E });

interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  readonly apply: (args: number[]) => number;
}

const unary = (apply: (value: number) => number): FunctionSpec => ({
  min: 1,
  max: 1,
  apply: (args) => apply(args[0]!),
});

/** The functions the language knows, with their arities. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.freeze({
  sqrt: unary(Math.sqrt),
  abs: unary(Math.abs),
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  exp: unary(Math.exp),
  sin: unary(Math.sin),
  cos: unary(Math.cos),
  tan: unary(Math.tan),
  round: { min: 1, max: 2, apply: ([value, digits = 0]) => roundTo(value!, digits) },
  log: {
    min: 1,
    max: 2,
    apply: ([value, base]) => (base === undefined ? Math.log(value!) : Math.log(value!) / Math.log(base)),
  },
  min: { min: 1, max: Number.POSITIVE_INFINITY, apply: (args) => Math.min(...args) },
  max: { min: 1, max: Number.POSITIVE_INFINITY, apply: (args) => Math.max(...args) },
});

function roundTo(value: number, digits: number): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) {
    throw new ExpressionError("round: the number of digits must be a whole number from 0 to 15");
  }
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const at = index + 1;
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(index, index + 400));
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), at });
      index += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(index, index + 100));
    if (name) {
      tokens.push({ kind: "name", value: name[0].toLowerCase(), at });
      index += name[0].length;
      continue;
    }
    if (source.startsWith("**", index)) {
      tokens.push({ kind: "operator", value: "^", at });
      index += 2;
      continue;
    }
    if ("+-*/%^(),".includes(char)) {
      tokens.push({ kind: "operator", value: char, at });
      index++;
      continue;
    }
    throw new ExpressionError(`unexpected character '${char}'`, at);
  }
  tokens.push({ kind: "end", at: source.length + 1 });
  return tokens;
}

/** A recursive-descent parser that evaluates as it parses (the language has no variables). */
class Evaluator {
  #position = 0;
  #depth = 0;
  constructor(private readonly tokens: Token[]) {}

  run(): number {
    const value = this.#additive();
    const next = this.#peek();
    if (next.kind !== "end") throw new ExpressionError(`unexpected ${describe(next)}`, next.at);
    return value;
  }

  #peek(): Token {
    return this.tokens[this.#position]!;
  }
  #isOperator(value: string): boolean {
    const token = this.#peek();
    return token.kind === "operator" && token.value === value;
  }
  #expect(value: string): void {
    const token = this.#peek();
    if (!(token.kind === "operator" && token.value === value)) {
      throw new ExpressionError(`expected '${value}' but found ${describe(token)}`, token.at);
    }
    this.#position++;
  }
  #enter(at: number): void {
    if (++this.#depth > MAX_DEPTH) throw new ExpressionError(`expression nests deeper than ${MAX_DEPTH} levels`, at);
  }

  #additive(): number {
    let value = this.#multiplicative();
    while (this.#isOperator("+") || this.#isOperator("-")) {
      const operator = this.tokens[this.#position++]!;
      const right = this.#multiplicative();
      value = operator.kind === "operator" && operator.value === "+" ? value + right : value - right;
    }
    return value;
  }

  #multiplicative(): number {
    let value = this.#unary();
    while (this.#isOperator("*") || this.#isOperator("/") || this.#isOperator("%")) {
      const operator = this.tokens[this.#position++]! as { value: string; at: number };
      const right = this.#unary();
      if ((operator.value === "/" || operator.value === "%") && right === 0) {
        throw new ExpressionError("division by zero", operator.at);
      }
      if (operator.value === "*") value *= right;
      else if (operator.value === "/") value /= right;
      else value %= right;
    }
    return value;
  }

  #unary(): number {
    const token = this.#peek();
    if (token.kind === "operator" && (token.value === "-" || token.value === "+")) {
      this.#position++;
      this.#enter(token.at);
      const operand = this.#unary();
      this.#depth--;
      return token.value === "-" ? -operand : operand;
    }
    return this.#power();
  }

  #power(): number {
    const base = this.#primary();
    if (!this.#isOperator("^")) return base;
    const operator = this.tokens[this.#position++]!;
    this.#enter(operator.at);
    const exponent = this.#unary();
    this.#depth--;
    return base ** exponent;
  }

  #primary(): number {
    const token = this.#peek();
    if (token.kind === "number") {
      this.#position++;
      return token.value;
    }
    if (token.kind === "name") {
      this.#position++;
      return this.#isOperator("(") ? this.#call(token.value, token.at) : constant(token.value, token.at);
    }
    if (token.kind === "operator" && token.value === "(") {
      this.#position++;
      this.#enter(token.at);
      const value = this.#additive();
      this.#depth--;
      this.#expect(")");
      return value;
    }
    throw new ExpressionError(`expected a number, a name or '(' but found ${describe(token)}`, token.at);
  }

  #call(name: string, at: number): number {
    const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!spec)
      throw new ExpressionError(`unknown function '${name}' (known: ${Object.keys(FUNCTIONS).join(", ")})`, at);
    this.#expect("(");
    this.#enter(at);
    const args: number[] = [];
    if (!this.#isOperator(")")) {
      args.push(this.#additive());
      while (this.#isOperator(",")) {
        this.#position++;
        args.push(this.#additive());
      }
    }
    this.#depth--;
    this.#expect(")");
    if (args.length < spec.min || args.length > spec.max) {
      const expected =
        spec.min === spec.max
          ? `${spec.min}`
          : spec.max === Number.POSITIVE_INFINITY
            ? `at least ${spec.min}`
            : `${spec.min} or ${spec.max}`;
      throw new ExpressionError(
        `${name}() takes ${expected} argument${expected.endsWith(" 1") || expected === "1" ? "" : "s"}, got ${args.length}`,
        at,
      );
    }
    return spec.apply(args);
  }
}

function constant(name: string, at: number): number {
  const value = Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
  if (value === undefined) {
    const hint = Object.hasOwn(FUNCTIONS, name) ? ` (did you mean ${name}(...)?)` : "";
    throw new ExpressionError(`unknown name '${name}'${hint}`, at);
  }
  return value;
}

function describe(token: Token): string {
  if (token.kind === "end") return "the end of the expression";
  if (token.kind === "number") return `the number ${token.value}`;
  return `'${token.value}'`;
}

/**
 * Evaluates an arithmetic expression.
 *
 * @throws ExpressionError with a readable message and column for any syntax error, unknown name,
 *   wrong arity, division by zero or a result that is not a finite number.
 * @example
 * evaluateExpression("2 + 3 * (4 - 1)^2"); // 29
 */
export function evaluateExpression(source: string): number {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`expression is longer than ${MAX_LENGTH} characters`);
  if (source.trim() === "") throw new ExpressionError("expression is empty");
  const value = new Evaluator(tokenize(source)).run();
  if (Number.isNaN(value)) throw new ExpressionError("the result is not a number (for example sqrt of a negative)");
  if (!Number.isFinite(value)) throw new ExpressionError("the result is too large to represent");
  return value;
}

/** Formats a result without binary noise (`0.1 + 0.2` gives "0.3"); integers print exactly. */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return "0";
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}
