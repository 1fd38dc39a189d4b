// Moddable adapter: one-shot timers from the "timer" module (there is no setTimeout on the device).
import Timer, { type TimerID } from "timer";
import type { Clock, TimerHandle } from "../platform.js";

export const timerClock: Clock = {
  setTimeout(callback: () => void, ms: number): TimerHandle {
    return Timer.set(() => callback(), ms);
  },
  clearTimeout(handle: TimerHandle): void {
    Timer.clear(handle as TimerID);
  },
};
