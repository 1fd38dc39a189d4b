export { InputError, isInputError, hasErrorId } from "./input-error.js";
export { type Finding, type FindingSeverity, makeFinding, isError } from "./finding.js";
