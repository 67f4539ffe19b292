// Runs first in the browser: zod without its `new Function` fast path, which the pages' CSP (no
// 'unsafe-eval') blocks and reports as a violation even though zod catches it and falls back.
import { z } from 'zod';

z.config({ jitless: true });
