// Every test runs with pooled slabs poisoned (src/util/slab.ts): an array that some code keeps
// after its query ended would read -1.2345678e300 (flags 0xa5) instead of its values, and the
// answer checks around it (the conformance suite among them) would fail.
import { setSlabPoisoning } from '../../src/util/slab.js';

setSlabPoisoning(true);
