/** amplifier-edge: the public API of the kernel. */
export { describeError, KernelError, type KernelErrorCode, type KernelErrorData } from "./errors.ts";
