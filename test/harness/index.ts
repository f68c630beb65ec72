/**
 * The stack harness's public surface (package pulumi-uc-clone-stack-harness): what the demo, the
 * benchmarks and the library's tests use. A stand-in for the Pulumi CLI where it is not installed; it
 * says so whenever it runs. Everything else in this folder is internal.
 */
export {
  HarnessStack,
  type HarnessStackOptions,
  type Summary,
  type Step,
  type StepOp,
  type Operation,
  type HarnessState,
  type ResourceState,
} from "./harnessStack";
export { runCli, stackConfigOf } from "./cli";
export { readProjectFile, readStackConfigFile, type ProjectFile, type StackConfigFile } from "./projectFiles";
export { summaryText } from "./summaryText";
