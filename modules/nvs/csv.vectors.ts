// Fixed vectors for the ids of the NVS CSV front end's errors (csv.ts NvsCsvErrorId): one CSV per
// rule, each rejected by esp-idf-nvs-partition-gen 0.2.0 too (test/nvs-differential.test.ts
// compares rejections on random and invalid inputs; here only which id names the rule).
import { checkEqual, type VectorCase } from "../testkit/check.js";
import { parseNvsCsv, type NvsCsvErrorId } from "./csv.js";
import { NvsInputError } from "./types.js";

const HEADER = "key,type,encoding,value\n";
const files = (path: string): Uint8Array => {
  if (path === "bad-utf8") return new Uint8Array([0xff]);
  if (path === "text") return new Uint8Array([0x61]);
  throw new Error(`no file ${path}`);
};

/** The id parseNvsCsv's error carries, or "none". */
function idOf(csv: string): string {
  try {
    parseNvsCsv(csv, files);
    return "none";
  } catch (e) {
    return e instanceof NvsInputError ? e.id : `not an NvsInputError: ${String(e)}`;
  }
}

const CASES: [NvsCsvErrorId, string][] = [
  ["nvs-csv.field-size", HEADER + "a,data,string," + "x".repeat(131073)],
  ["nvs-csv.header-column", "key,type,value\na,data,1\n"],
  ["nvs-csv.key-missing", "value,encoding,type,key\n1,u8,data\n"],
  ["nvs-csv.key-length", HEADER + "abcdefghijklmnop,data,u8,1\n"],
  ["nvs-csv.key-ascii", HEADER + "é,data,u8,1\n"],
  ["nvs-csv.file-path-missing", HEADER + "f,file,binary\n"],
  ["nvs-csv.file-unreadable", HEADER + "f,file,binary,missing\n"],
  ["nvs-csv.file-encoding", HEADER + "f,file,STRING,text\n"],
  ["nvs-csv.encoding-missing", HEADER + "a,data\n"],
  ["nvs-csv.encoding", HEADER + "a,data,float,1\n"],
  ["nvs-csv.value-missing", HEADER + "a,data,u8\n"],
  ["nvs-csv.base64", HEADER + "a,data,base64,YWJjZ\n"],
  ["nvs-csv.binary-ascii", HEADER + "a,data,binary,é\n"],
  ["nvs-csv.hex-length", HEADER + "a,data,hex2bin,abc\n"],
  ["nvs-csv.hex", HEADER + "a,data,hex2bin,zz\n"],
  ["nvs-csv.utf8", HEADER + "f,file,string,bad-utf8\n"],
  ["nvs-csv.int-syntax", HEADER + "a,data,u8,x\n"],
  ["nvs-csv.int-range", HEADER + "a,data,u8,256\n"],
  ["nvs-csv.blob-fill-syntax", HEADER + "a,data,blob_fill(3),x\n"],
  ["nvs-csv.blob-fill-length", HEADER + "a,data,blob_fill(999999;0xff),x\n"],
  ["nvs-csv.blob-fill-overflow", HEADER + "a,data,blob_fill(1;0xff),abc\n"],
];

export const vectors: VectorCase[] = [
  {
    name: "NVS CSV errors: one stable id per rule",
    run() {
      checkEqual(CASES.map(([, csv]) => idOf(csv)), CASES.map(([id]) => id));
      checkEqual(idOf(HEADER + "a,data,u8,1\n"), "none", "a good row");
    },
  },
];
