// QR Code (ISO/IEC 18004:2015) encoder and renderers, pure TypeScript for XS, Node and browsers.
// Host-side PNG output is in host-tools/png.ts.
export { encodeQr, type QrMatrix, type QrEncodeOptions } from "./encoder.js";
export { renderQrText, type QrTextOptions } from "./render-text.js";
export { qrToSvg, qrToSvgDocument, qrSvgPathData, qrSvgSide, type QrSvgOptions } from "./render-svg.js";
export { detectMode } from "./data.js";
export { formatInfoBits, versionInfoBits } from "./bch.js";
export { rsGenerator, rsRemainder } from "./reed-solomon.js";
export { maskPenalty, penaltyParts, balancePenalty, type QrMaskRule, type QrPenaltyParts } from "./matrix.js";
export {
  QR_ECC_LEVELS,
  QR_VERSION_MIN,
  QR_VERSION_MAX,
  ALPHANUMERIC_CHARSET,
  symbolSize,
  qrCapacity,
  dataCodewords,
  totalCodewords,
  alignmentCentres,
  type QrEcc,
  type QrMode,
} from "./tables.js";
export { type QrcodeErrorId } from "./errors.js";
