// Moddable adapter: the bring-up console on the debug output (`trace`: serial or xsbug).
import type { Console } from "../platform.js";

export const traceConsole: Console = {
  line(text: string): void {
    trace(text + "\n");
  },
};
