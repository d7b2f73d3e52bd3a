/**
 * The example modules as bundled text, for runtimes without a file system (Chromium, workerd).
 * Vite turns each `?raw` import into the file's text.
 */
import contextWindow from "../../../examples/modules/context-window/index.js?raw";
import hooksGuard from "../../../examples/modules/hooks-guard/index.js?raw";
import loopSimple from "../../../examples/modules/loop-simple/index.js?raw";
import providerEcho from "../../../examples/modules/provider-echo/index.js?raw";
import calculatorEval from "../../../examples/modules/tool-calculator-eval/index.js?raw";
import wordCountHelpers from "../../../examples/modules/tool-word-count/count.js?raw";
import wordCount from "../../../examples/modules/tool-word-count/index.js?raw";
import { type ExampleName, type ExampleSources, loadExamples } from "./examples.ts";

const TEXT: Record<string, string> = {
  "context-window/index.js": contextWindow,
  "hooks-guard/index.js": hooksGuard,
  "loop-simple/index.js": loopSimple,
  "provider-echo/index.js": providerEcho,
  "tool-calculator-eval/index.js": calculatorEval,
  "tool-word-count/count.js": wordCountHelpers,
  "tool-word-count/index.js": wordCount,
};

/** The example modules, from the bundle. */
export function bundledExamples(): Promise<ExampleSources> {
  return loadExamples(async (name: ExampleName, file: string) => {
    const text = TEXT[`${name}/${file}`];
    if (text === undefined) throw new Error(`example ${name}/${file} is not bundled`);
    return text;
  });
}
