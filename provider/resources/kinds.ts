/**
 * Every resource kind, once: the folder holding its handler (`<folder>/handler.ts`, which shim.ts loads
 * at call time) and its type (`catalog-clone:<type>`). A new kind adds its line here; the shim's kinds,
 * the registration of its resource class (kit/kindResource.ts) and the corner-case suite's coverage
 * (test/unit/resources/kindCornerCases.test.ts) read it.
 */
export const KIND_TYPES = {
  catalog: "Catalog",
  schema: "Schema",
  table: "Table",
  validationGate: "ValidationGate",
  function: "Function",
  share: "Share",
  recipient: "Recipient",
  sharedCatalog: "SharedCatalog",
  shareTeardown: "ShareTeardown",
  volume: "Volume",
  protectedTable: "ProtectedTable",
  governance: "Governance",
  view: "View",
} as const;

/** A kind's folder under provider/resources, where its handler module is. */
export type HandlerFolder = keyof typeof KIND_TYPES;
