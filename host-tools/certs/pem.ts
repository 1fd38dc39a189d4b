// PEM armor (RFC 7468): base64 body in 64-character lines, "\n" line ends, trailing newline — the
// layout Python `cryptography` writes for mfg_tool's DAC_cert.pem / DAC_key.pem.

const LINE = 64;

export function pemEncode(label: string, der: Uint8Array): string {
  const body = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += LINE) lines.push(body.slice(i, i + LINE));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** The first PEM block of `text`; its label and DER bytes. Throws a one-line Error if there is none. */
export function pemDecode(text: string, what: string): { label: string; der: Uint8Array } {
  const m = BLOCK.exec(text);
  if (!m) throw new Error(`${what}: no PEM block (-----BEGIN …-----) found`);
  const body = m[2].replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error(`${what}: PEM "${m[1]}" body is not base64`);
  return { label: m[1], der: new Uint8Array(Buffer.from(body, "base64")) };
}

/** True when `bytes` look like PEM text rather than DER (DER always starts with a tag, never '-'). */
export function looksLikePem(bytes: Uint8Array): boolean {
  return bytes.length > 10 && Buffer.from(bytes.subarray(0, 64)).toString("latin1").includes("-----BEGIN ");
}
