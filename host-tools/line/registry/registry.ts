// The registry of bindings: which device of a batch went to which board (MAC), from which station,
// when, with which image, and how far its write got. One interface, two stores with the same schema
// and the same semantics: SQLite beside the batch (embedded, several station processes on one
// machine) and PostgreSQL (several stations on several machines) — docs/production-line.md.
//
// The rules every store enforces in one transaction per call:
// - a device is bound to at most one MAC and a MAC to at most one device (unique columns), so an
//   image never goes to two boards and a board never gets two images;
// - a binding is never undone: a failed or interrupted write keeps the device bound to that MAC, and
//   the next claim for that MAC returns the same device;
// - claims take the free device with the lowest batch index, atomically.

/** How far a bound device got. "free" devices have no MAC. */
export type BindingState = "claimed" | "written" | "verified" | "failed";
export const BINDING_STATES: readonly BindingState[] = ["claimed", "written", "verified", "failed"];

/** What the registry keeps of a batch device (from its manifest line). */
export interface RegistryDevice {
  uuid: string;
  index: number;
  serial: string;
  vendorId: number;
  productId: number;
  discriminator: number;
  /** SHA-256 (hex) of <uuid>-partition.bin. */
  imageSha256: string;
  qr: string | null;
  manualCode: string | null;
}

/** A device with its binding (mac null: free). Times are ISO 8601 UTC. */
export interface DeviceRow extends RegistryDevice {
  batch: string;
  mac: string | null;
  station: string | null;
  state: BindingState | "free";
  /** The last verification result or failure, one line ("md5+readback ok", "board.lost: …"). */
  verification: string | null;
  attempts: number;
  claimedAt: string | null;
  updatedAt: string | null;
}

export interface Claim {
  row: DeviceRow;
  /** true: this MAC already had this device (a retry on the same board). */
  reused: boolean;
}

export interface BatchCounts {
  total: number;
  free: number;
  claimed: number;
  written: number;
  verified: number;
  failed: number;
}

export interface StateUpdate {
  state: BindingState;
  verification: string | null;
  /** Counts one more write attempt on the board. */
  attempt?: boolean;
}

export interface Registry {
  /** Where it lives, without credentials (for messages). */
  readonly where: string;
  /** Adds the batch's devices (idempotent; devices already known keep their bindings). */
  seed(batch: string, devices: readonly RegistryDevice[]): Promise<void>;
  /** The device bound to `mac` in any batch, if any. */
  byMac(mac: string): Promise<DeviceRow | undefined>;
  byUuid(uuid: string): Promise<DeviceRow | undefined>;
  /**
   * The device of `batch` bound to `mac`, or else binds the next free one to it. undefined: the
   * batch has no free device left. Throws RegistryError "registry.mac-elsewhere" when the MAC is
   * bound to a device of another batch.
   */
  claim(batch: string, mac: string, station: string): Promise<Claim | undefined>;
  /**
   * Binds this specific device to `mac` (a board found already holding it). Returns the row; throws
   * "registry.bound-elsewhere" when the device is bound to another MAC or the MAC to another device.
   */
  adopt(uuid: string, mac: string, station: string, update: StateUpdate): Promise<DeviceRow>;
  /** Moves a binding on; throws "registry.not-bound" when `uuid` is not bound to `mac`. */
  record(uuid: string, mac: string, update: StateUpdate): Promise<DeviceRow>;
  counts(batch: string): Promise<BatchCounts>;
  /** Every device of the batch in index order (bound or not). */
  list(batch: string): Promise<DeviceRow[]>;
  close(): Promise<void>;
}

/** A station-side name for the embedded store's file inside a batch directory. */
export const EMBEDDED_FILE = "line.sqlite";
