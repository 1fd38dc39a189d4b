// `matter-factory codes`, `codes parse` and `spake2p` end to end, against the reference vectors.
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";

describe("codes", () => {
  it("makes the default test QR and manual code (Q16)", () => {
    const r = runCli(["codes", "--vid", "0xFFF1", "--pid", "0x8000", "--flow", "0", "--caps", "2", "--discriminator", "3840", "--passcode", "20202021", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.qrcode).toBe("MT:Y.K9042C00KA0648G00");
    expect(j.manualcode).toBe("34970112332");
  });

  it("21-digit manual code for a custom flow (docs/onboarding.md §Manual pairing code row 2310/23005908)", () => {
    const r = runCli(["codes", "--vid", "0xFFF3", "--pid", "0x8098", "--flow", "2", "--caps", "4", "--discriminator", "2310", "--passcode", "23005908", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.qrcode).toBe("MT:MZWA6G6026O2XP0II00");
    expect(j.manualcode).toBe("619156140465523329207");
  });

  it("text output", () => {
    const r = runCli(["codes", "--vid", "65521", "--pid", "32769", "--discriminator", "2245", "--passcode", "89674523"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("MT:-24J06PF150QJ850Y10");
    expect(r.stdout).toContain("2048-915-4736");
  });

  const bad: [string[], RegExp][] = [
    [["--vid", "0x10000", "--pid", "1", "--discriminator", "1", "--passcode", "20202021"], /--vid/],
    [["--vid", "1", "--pid", "1", "--discriminator", "4096", "--passcode", "20202021"], /--discriminator/],
    [["--vid", "1", "--pid", "1", "--discriminator", "1", "--passcode", "12345678"], /12345678/],
    [["--vid", "1", "--pid", "1", "--discriminator", "1", "--passcode", "99999999"], /passcode/],
    [["--vid", "1", "--pid", "1", "--discriminator", "1"], /--passcode/],
    [["--vid", "x1", "--pid", "1", "--discriminator", "1", "--passcode", "20202021"], /--vid/],
  ];
  for (const [args, pattern] of bad) {
    it(`rejects ${args.join(" ")}`, () => {
      const r = runCli(["codes", ...args]);
      expect(r.status).toBeGreaterThan(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    });
  }
});

describe("codes parse", () => {
  it("decodes a QR payload", () => {
    const r = runCli(["codes", "parse", "MT:-24J0AFN00KA064IJ3P0IXZB0DK5N1K8SQ1RYCU1-A40", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ vendorId: 0xfff1, productId: 0x8001, discriminator: 3840, passcode: 20202021, serialNumber: "1234567890" });
  });

  it("decodes a formatted manual code", () => {
    const r = runCli(["codes", "parse", "2048-915-4736", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ shortDiscriminator: 2245 >> 8, passcode: 89674523 });
  });

  it("rejects a bad check digit and a bad prefix in one line", () => {
    for (const code of ["02684354589", "AT:M5L90MP500K64J00000"]) {
      const r = runCli(["codes", "parse", code]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("spake2p", () => {
  it("reproduces the canonical test verifier (docs/onboarding.md §SPAKE2+ verifier V1)", () => {
    const r = runCli(["spake2p", "--passcode", "20202021", "--salt", "U1BBS0UyUCBLZXkgU2FsdA==", "--iterations", "1000", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verifier).toBe("uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==");
    expect(j.w0).toBe("b96170aae803346884724fe9a3b287c30330c2a660375d17bb205a8cf1aecb35");
    expect(j.L).toBe("0457f8ab79ee253ab6a8e46bb09e543ae422736de501e3db37d441fe344920d09548e4c18240630c4ff4913c53513839b7c07fcc0627a1b8573a149fcd1fa466cf");
  });

  for (const [args, pattern] of [
    [["--passcode", "20202021", "--salt", "c2hvcnQ=", "--iterations", "1000"], /salt/],
    [["--passcode", "20202021", "--salt", "U1BBS0UyUCBLZXkgU2FsdA==", "--iterations", "999"], /--iterations/],
    [["--passcode", "20202021", "--salt", "!!", "--iterations", "1000"], /--salt/],
  ] as [string[], RegExp][]) {
    it(`rejects ${args.join(" ")}`, () => {
      const r = runCli(["spake2p", ...args]);
      expect(r.status).toBeGreaterThan(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    });
  }
});

describe("top level", () => {
  it("--help lists the commands; unknown commands fail in one line", () => {
    const h = runCli(["--help"]);
    expect(h.status).toBe(0);
    for (const c of ["nvs generate", "codes parse", "spake2p"]) expect(h.stdout).toContain(c);
    const u = runCli(["frobnicate"]);
    expect(u.status).toBe(2);
    expect(u.stderr.trim().split("\n")).toHaveLength(1);
  });
});
