// Simulated "mc/config" (runs inside XS): the manifest config of the simulated build, set by the host.
import { manifestConfig } from "./hardware.js";

export default manifestConfig;
