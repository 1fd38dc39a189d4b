// The four Matter providers over one FactoryStore (connectedhomeip ESP32 semantics; see each file).
import type { DacSigner, FactoryStore } from "../platform.js";
import { DeviceAttestationCredentialsProvider } from "./attestation.js";
import { CommissionableDataProvider } from "./commissionable-data.js";
import { DeviceInfoProvider } from "./device-info.js";
import { DeviceInstanceInfoProvider } from "./device-instance-info.js";

export interface Providers {
  commissionableData: CommissionableDataProvider;
  attestation: DeviceAttestationCredentialsProvider;
  instanceInfo: DeviceInstanceInfoProvider;
  deviceInfo: DeviceInfoProvider;
}

export function createProviders(store: FactoryStore, signer: DacSigner): Providers {
  return {
    commissionableData: new CommissionableDataProvider(store),
    attestation: new DeviceAttestationCredentialsProvider(store, signer),
    instanceInfo: new DeviceInstanceInfoProvider(store),
    deviceInfo: new DeviceInfoProvider(store),
  };
}

export { CommissionableDataProvider, DeviceAttestationCredentialsProvider, DeviceInfoProvider, DeviceInstanceInfoProvider };
export type { Failure, Ok, ProviderResult } from "./result.js";
export type { ManufacturingDate } from "./device-instance-info.js";
export type { FixedLabel, SemanticTag, SupportedMode } from "./device-info.js";
