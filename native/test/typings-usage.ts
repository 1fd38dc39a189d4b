// Type-check fixture for types/moddable/*.d.ts and the native bindings, compiled (never run) by
// test/native.test.ts. It is not part of the firmware: manifest.json does not list native/test.
import config from "mc/config";
import KeyValue from "embedded:storage/key-value";
import Flash from "flash";
import Preference from "preference";
import Timer from "timer";
import { BleEvent, begin, getAddress, setC3Value, startAdvertising, stop, type BleEventKind } from "../ble_adv.js";
import { getBlob, getString, getU32, init, signWithDacKey } from "../factory_nvs.js";

export function usage(): void {
  const encrypted: boolean = init(config.factoryPartition);
  const vid: number | undefined = getU32("vendor-id");
  const salt: string | undefined = getString("salt");
  const cert: ArrayBuffer | undefined = getBlob("dac-cert");
  const signature: ArrayBuffer = signWithDacKey(new Uint8Array(32));

  const flash = new Flash(config.factoryPartition);
  const firstPage = new Uint8Array(flash.read(0, flash.blockSize));

  const store = KeyValue.open({ path: "mf-rdi", mode: "r+", format: "uint32" });
  const counter = store.read("counter");
  store.write("counter", typeof counter === "number" ? counter + 1 : 1);
  Preference.set("mf", "boots", 1);

  begin((kind: BleEventKind, status: number, connection: number) => {
    if (kind === BleEvent.READY && status === 0) {
      startAdvertising(new Uint8Array([2, 1, 6]), config.fastIntervalMin, config.fastIntervalMax);
      const address = getAddress();
      if (address) trace(new Uint8Array(address).length, "\n");
    }
    if (kind === BleEvent.DISCONNECTED) trace("disconnected", connection, "\n");
  });
  setC3Value(new Uint8Array([0x15, 0x18]));
  const timer = Timer.set(() => stop(), config.fastAdvertisingSeconds * 1000);
  Timer.clear(timer);
  trace(encrypted, vid, salt, cert?.byteLength, signature.byteLength, firstPage[0], "\n");
}
