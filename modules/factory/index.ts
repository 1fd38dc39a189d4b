// Matter factory data for the ESP32 `chip-factory` NVS namespace: one key table (schema.ts) driving
// the row writer, the entry reader, validation and the docs.
export {
  FACTORY_NAMESPACE,
  FACTORY_KEYS,
  RUNTIME_KEY_MAX_LENGTH,
  MAX_ENDPOINT,
  formatFactoryKey,
  matchFactoryKey,
  factoryKeySpec,
  keyPlaceholders,
  type FactoryKeySpec,
  type FactoryValueKind,
  type FactoryProvider,
  type FactoryRule,
  type FactoryCheck,
  type FactoryGroup,
  type CsvForm,
  type MissingBehaviour,
  type RuleSource,
} from "./schema.js";
export {
  PRODUCT_FINISH,
  PRODUCT_COLOR,
  CALENDAR_TYPES,
  CALENDAR_TYPES_MASK,
  LOCATION_CAPABILITY,
  enumName,
  enumValue,
  calendarTypesToBitmap,
  calendarTypesFromBitmap,
} from "./enums.js";
export {
  factoryDataToRows,
  factoryItems,
  encodeFactoryValue,
  FactoryDataError,
  type FactoryData,
  type FactoryItem,
  type FactoryRowsOptions,
  type FixedLabel,
  type SemanticTag,
  type SupportedMode,
  type ExtraEntry,
} from "./factory-data.js";
export { factoryDataFromEntries, type FactoryReadResult } from "./from-entries.js";
export {
  validateFactoryData,
  assertValidFactoryData,
  mfgDateAcceptedByReader,
  INVALID_PASSCODES,
  type ValidateOptions,
  type FactoryProfile,
} from "./validate.js";
export { type FactoryFinding, showValue } from "./finding.js";
