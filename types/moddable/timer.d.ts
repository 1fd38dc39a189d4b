// "timer" (Moddable modules/base/timer); there is no setTimeout on the device (ref/moddable-xs.md §4).
declare module "timer" {
  /** An opaque timer handle. */
  export interface TimerID {
    readonly __timer: unique symbol;
  }
  export type TimerCallback = (id: TimerID) => void;
  const Timer: {
    /** Once after `interval` ms, then every `repeat` ms when given. */
    set(callback: TimerCallback, interval?: number, repeat?: number): TimerID;
    repeat(callback: TimerCallback, interval: number): TimerID;
    schedule(id: TimerID, interval?: number, repeat?: number): void;
    clear(id: TimerID | undefined): void;
    delay(ms: number): void;
  };
  export default Timer;
}
