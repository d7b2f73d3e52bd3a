/// <reference lib="esnext.disposable" preserve="true" />
/** Test doubles for modules and hosts (public subpath `amplifier-edge/testing`). */
export { EventRecorder, type RecordedEvent } from "./event-recorder.ts";
export { InMemoryContextManager, inMemoryContextModule } from "./in-memory-context.ts";
export { type ContextCall, MockContextManager } from "./mock-context.ts";
export { MockCoordinator, RecordingDisplay, ScriptedApproval } from "./mock-coordinator.ts";
export {
  MockProvider,
  type MockProviderOptions,
  type ScriptedResponse,
  scriptedProviderModule,
  textResponse,
  toolCallResponse,
} from "./mock-provider.ts";
export { MockTool, type MockToolOptions } from "./mock-tool.ts";
export { type OrchestratorCall, ScriptedOrchestrator, scriptedOrchestratorModule } from "./scripted-orchestrator.ts";
export { create_test_coordinator, createTestCoordinator } from "./test-coordinator.ts";
export { findToolPairingProblems, type PairingProblem } from "./tool-pairing.ts";
export { wait_for, waitFor } from "./wait-for.ts";
