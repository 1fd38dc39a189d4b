// Moddable adapter: one-shot timers from the "timer" module (there is no setTimeout on the device).
// The SDK types a timer handle as the Timer class itself (typings/timer.d.ts).
import Timer from "timer";
import type { Clock, TimerHandle } from "../platform.js";

export const timerClock: Clock = {
  setTimeout(callback: () => void, ms: number): TimerHandle {
    return Timer.set(() => callback(), ms);
  },
  clearTimeout(handle: TimerHandle): void {
    Timer.clear(handle as Timer); // a handle this clock's setTimeout returned
  },
};
