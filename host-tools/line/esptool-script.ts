// The Python side of an esptool session: a few lines that call esptool's own public API
// (esptool.cmds, esptool 5.x "Scripting" docs) and answer JSON requests, one per line. It holds one
// connection to the board for a whole flash job, so the ROM sync and chip detection happen once.
// No protocol of our own: every byte on the wire is esptool's. Run as `python -c ESPTOOL_SCRIPT`.
//
// Requests (stdin):  {"op": "connect", "port", "before", "baud", "attempts"} | {"op": "read", "offset", "size"}
//                    {"op": "write", "offset", "hex", "encrypt", "compress"} | {"op": "md5", "offset", "size"}
//                    {"op": "reset", "mode": "hard-reset" | "watchdog-reset" | "no-reset"}
// Replies (stdout):  {"ok": {...}} or {"error": {"type": <exception class>, "message", "phase"}}
// esptool's own printing goes to stderr (the JSON channel is a duplicate of the original stdout).

export const ESPTOOL_SCRIPT = String.raw`
import json, os, sys, hashlib
proto = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr
try:
    import esptool
    from esptool import cmds
except ImportError as e:
    proto.write(json.dumps({"error": {"type": type(e).__name__, "message": str(e), "phase": "import"}}) + "\n")
    sys.exit(3)

esp = None

def info():
    sec = esp.get_security_info()
    mac = esp.read_mac()
    fid = esp.flash_id()
    return {
        "chip": esp.CHIP_NAME,
        "mac": ":".join("%02x" % b for b in mac) if mac else None,
        "flashId": fid,
        "flashSize": cmds.detect_flash_size(esp),
        "cryptCnt": sec.get("flash_crypt_cnt"),
        "flashEncryption": bool(esp.get_flash_encryption_enabled()),
        "secureDownload": bool(esp.secure_download_mode),
        "esptool": esptool.__version__,
    }

def connect(r):
    global esp
    esp = cmds.detect_chip(r["port"], 115200, r.get("before", "default-reset"), False, r.get("attempts", 3))
    if esp.IS_STUB:
        raise esptool.FatalError("the board runs a flasher stub; reset it into the ROM loader")
    esp.WRITE_FLASH_ATTEMPTS = 1  # a failed write is reported, never retried here
    if esp.CHIP_NAME != "ESP32-C3":
        return {"chip": esp.CHIP_NAME}
    if r.get("baud", 115200) != 115200:
        esp.change_baud(r["baud"])
    cmds.attach_flash(esp)
    return info()

def read(r):
    data = cmds.read_flash(esp, r["offset"], r["size"], None, "keep", True)
    return {"hex": data.hex()}

def write(r):
    data = bytes.fromhex(r["hex"])
    addr = [(r["offset"], data)]
    kw = {"compress": True} if r.get("compress") else {"no_compress": True}
    if r.get("encrypt"):
        kw["encrypt_files"] = addr
        addr = []
    cmds.write_flash(esp, addr, "keep", "keep", "keep", no_progress=True, **kw)
    return {"md5": hashlib.md5(data).hexdigest()}

def md5(r):
    return {"md5": esp.flash_md5sum(r["offset"], r["size"])}

def reset(r):
    cmds.reset_chip(esp, r["mode"])
    return {}

OPS = {"connect": connect, "read": read, "write": write, "md5": md5, "reset": reset}
for line in sys.stdin:
    r = json.loads(line)
    try:
        out = {"ok": OPS[r["op"]](r)}
    except BaseException as e:
        out = {"error": {"type": type(e).__name__, "message": str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__, "phase": r["op"]}}
    proto.write(json.dumps(out) + "\n")
    if "error" in out and r["op"] == "connect":
        break
`;
