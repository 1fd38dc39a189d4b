"""Make the golden NVS images the tests compare against, with ESP-IDF's own generator.

Usage: python make_nvs_vectors.py OUTDIR   (run with the .venv/nvs interpreter)

Writes the inputs (sample.csv, sample_v1.csv, files/, fixed_keys.bin, hmac_key.bin) — plain test data
the project defines here — and then runs the installed, unmodified `esp_idf_nvs_partition_gen` command
line on them, each command from inside OUTDIR so that `file` rows resolve to files/...:

  generate sample.csv sample.bin 0x8000
  generate sample_v1.csv sample_v1.bin 0x3000 --version 1
  encrypt sample.csv sample_encr.bin 0x8000 --inputkey fixed_keys.bin
  decrypt sample_encr.bin fixed_keys.bin sample_decr.bin            (equals sample.bin)
  generate-key --key_protect_hmac --kp_hmac_inputkey hmac_key.bin --keyfile hmac_derived_keys.bin --outdir .
  encrypt sample.csv sample_encr_hmac.bin 0x8000 --inputkey keys/hmac_derived_keys.bin

sample.expected.json holds the values sample.csv states, decoded here from the CSV text (not from an
image), with the generator's namespace rule: a namespace row naming a namespace that already exists does
not switch back to it, so the last row lands in second-ns.
Every output is deterministic (no random keys), so SHA256SUMS is the same on every run.
"""

import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
import zlib
from importlib.metadata import version


def pattern(n, mul, add):
    return bytes((i * mul + add) & 0xFF for i in range(n))


def inputs(out):
    os.makedirs(os.path.join(out, "files"), exist_ok=True)
    files = {
        "files/big_blob.bin": pattern(10000, 7, 3),  # three blob chunks
        "files/small.bin": pattern(50, 1, 0),
        "files/data.hex": b"deadbeef00112233445566778899aabbccddeeff\n",
        "files/text.txt": b"hello from a file\nsecond line",
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    letters = "abcdefghijklmnopqrstuvwxyz"
    rows = [
        "key,type,encoding,value",
        "chip-factory,namespace,,",
        "serial-num,data,u32,305419896",
        "vendor-id,data,u16,4660",
        "i8val,data,i8,-5",
        "i16val,data,i16,-300",
        "u8val,data,u8,200",
        "i32val,data,i32,-42",
        "i64val,data,i64,-1234567890123",
        "u64val,data,u64,18446744073709551615",
        "product-name,data,string,Test Product",
        "empty-str,data,string,",
        "cert-hex,data,hex2bin,0102030405060708090a0b0c0d0e0f10",
        "b64-key,data,base64," + base64.b64encode(b"Hello World!").decode(),
        "raw-bin,data,binary,rawtext",
        "big-hex,data,hex2bin," + pattern(4500, 13, 1).hex(),  # two blob chunks
        "dac-cert,file,binary,files/big_blob.bin",
        "small-file,file,binary,files/small.bin",
        "hex-file,file,hex2bin,files/data.hex",
        "str-file,file,string,files/text.txt",
        "long-str,data,string," + (letters * 116)[:3000],
        "second-ns,namespace,,",
        "x,data,u8,1",
        "chip-factory,namespace,,",
        "after,data,i32,-7",
    ]
    with open(os.path.join(out, "sample.csv"), "w", encoding="utf8") as f:
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(out, "sample_v1.csv"), "w", encoding="utf8") as f:
        f.write("key,type,encoding,value\nchip-factory,namespace,,\nserial-num,data,u32,305419896\n"
                "name,data,string,v1 sample\nsmallblob,data,hex2bin,00112233445566778899\n")
    # NVS key partition layout: data key, tweak key, CRC32 of both (as the generator computes it), 0xFF fill.
    keys = bytes(range(0x00, 0x20)) + bytes(range(0x40, 0x60))
    buf = bytearray(b"\xff" * 4096)
    buf[0:64] = keys
    struct.pack_into("<I", buf, 64, zlib.crc32(keys, 0xFFFFFFFF) & 0xFFFFFFFF)
    with open(os.path.join(out, "fixed_keys.bin"), "wb") as f:
        f.write(buf)
    with open(os.path.join(out, "hmac_key.bin"), "wb") as f:
        f.write(bytes(range(32)))
    return rows, files


def expected(rows, files):
    """The values sample.csv states, per namespace (hex for byte values), as the generator stores them."""
    result, current = {}, None
    for row in rows[1:]:
        key, typ, enc, value = row.split(",", 3)
        if typ == "namespace":
            if key not in result:
                result[key] = {}
                current = key
            continue
        if typ == "file":
            data = files[value]
            if enc == "hex2bin":
                v = data.decode().strip().lower()
            elif enc == "string":
                v = data.decode()
            else:
                v = data.hex()
        elif enc in ("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64"):
            v = int(value)
        elif enc == "string":
            v = value
        elif enc == "hex2bin":
            v = value.lower()
        elif enc == "base64":
            v = base64.b64decode(value).hex()
        else:
            v = value.encode().hex()
        result[current][key] = v
    return result


def gen(out, *argv):
    subprocess.run([sys.executable, "-m", "esp_idf_nvs_partition_gen", *argv], cwd=out, check=True,
                   stdout=subprocess.DEVNULL)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rows, files = inputs(out)
    gen(out, "generate", "sample.csv", "sample.bin", "0x8000")
    gen(out, "generate", "sample_v1.csv", "sample_v1.bin", "0x3000", "--version", "1")
    gen(out, "encrypt", "sample.csv", "sample_encr.bin", "0x8000", "--inputkey", "fixed_keys.bin")
    gen(out, "decrypt", "sample_encr.bin", "fixed_keys.bin", "sample_decr.bin")
    gen(out, "generate-key", "--key_protect_hmac", "--kp_hmac_inputkey", "hmac_key.bin",
        "--keyfile", "hmac_derived_keys.bin", "--outdir", ".")
    gen(out, "encrypt", "sample.csv", "sample_encr_hmac.bin", "0x8000", "--inputkey", "keys/hmac_derived_keys.bin")
    with open(os.path.join(out, "sample.expected.json"), "w", encoding="utf8") as f:
        json.dump(expected(rows, files), f, indent=1)
    names = ["sample.bin", "sample_v1.bin", "sample_encr.bin", "sample_decr.bin", "sample_encr_hmac.bin",
             "keys/hmac_derived_keys.bin", "fixed_keys.bin"]
    with open(os.path.join(out, "SHA256SUMS"), "w", encoding="utf8") as f:
        for name in names:
            with open(os.path.join(out, name), "rb") as g:
                f.write("%s  %s\n" % (hashlib.sha256(g.read()).hexdigest(), name))
    with open(os.path.join(out, "TOOL_VERSION"), "w", encoding="utf8") as f:
        f.write("esp-idf-nvs-partition-gen %s\n" % version("esp-idf-nvs-partition-gen"))


if __name__ == "__main__":
    main()
