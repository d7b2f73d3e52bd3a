/** amplifier-edge/sandbox: untrusted modules in QuickJS WebAssembly sandboxes. */
export { evaluateModuleDefault } from "./evaluate.ts";
export { instantiateQuickJS, MIN_MEMORY_MIB } from "./quickjs-instance.ts";
