// dot against a plain left-to-right sum, bit-identical across the three backends (checks in kernel-checks.ts).
import { BACKENDS, engines } from "../engines.js";
import { dotChecks } from "./kernel-checks.js";

const eng = engines();
dotChecks("release backends", () => BACKENDS.map((b) => eng[b]));
