// Simulated Moddable "timer" module (runs inside XS) over the board's virtual clock.
import { board } from "./hardware.js";

export interface TimerID {
  readonly id: number;
}

export type TimerCallback = (id: TimerID) => void;

const Timer = {
  set(callback: TimerCallback, interval = 0, repeat = 0): TimerID {
    const handle = { id: 0 };
    handle.id = board.clock.set(() => callback(handle), interval, repeat);
    return handle;
  },
  repeat(callback: TimerCallback, interval: number): TimerID {
    return Timer.set(callback, interval, interval);
  },
  schedule(id: TimerID, interval = 0, repeat = 0): void {
    board.clock.schedule(id.id, interval, repeat);
  },
  clear(id: TimerID | undefined): void {
    if (id) board.clock.clear(id.id);
  },
  delay(ms: number): void {
    board.clock.now += ms; // a busy wait: time passes, no timer runs
  },
};

export default Timer;
