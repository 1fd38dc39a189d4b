// The board: device/platform.ts implemented with the Moddable adapters.
import type { Platform } from "../platform.js";
import { nativeBle } from "./moddable-ble.js";
import { traceConsole } from "./moddable-console.js";
import { nativeDacSigner, openNativeBackend } from "./moddable-factory-nvs.js";
import { openFlashBackend } from "./moddable-flash.js";
import { openNativeSecureCert } from "./moddable-secure-cert.js";
import { keyValueState } from "./moddable-storage.js";
import { timerClock } from "./moddable-timer.js";

export function moddablePlatform(): Platform {
  return {
    openFactoryStore: (backend, partition, keysPartition) =>
      backend === "native" ? openNativeBackend(partition) : openFlashBackend(partition, keysPartition),
    openDacSigner: (partition) => nativeDacSigner(partition),
    openSecureCert: openNativeSecureCert,
    state: keyValueState(),
    ble: nativeBle,
    clock: timerClock,
    console: traceConsole,
  };
}
