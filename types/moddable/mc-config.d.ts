// "mc/config": the manifest's `config` object, frozen (ref/moddable-xs.md §1). The keys below are the
// ones manifest.json defines; test/manifest.test.ts checks the two lists stay the same.
declare module "mc/config" {
  const config: {
    /** NVS partition holding `chip-factory` (partitions.csv). */
    readonly factoryPartition: string;
    /** Commissioning announcement length in minutes, 3..15 (Matter Core §5.4.2.3). */
    readonly announcementMinutes: number;
    /** Length of the fast-advertising phase in seconds (Matter Core §5.4.2.5.3: 30). */
    readonly fastAdvertisingSeconds: number;
    /** Advertising intervals in 0.625 ms units (Matter Core §5.4.2.5.3). */
    readonly fastIntervalMin: number;
    readonly fastIntervalMax: number;
    readonly slowIntervalMin: number;
    readonly slowIntervalMax: number;
  };
  export default config;
}
