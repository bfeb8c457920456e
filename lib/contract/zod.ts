import { z } from 'zod';

/**
 * zod for every schema the browser may load. Its JIT compiles parsers with
 * `new Function`, which the Content-Security-Policy forbids (no 'unsafe-eval');
 * even its probe for it is reported as a violation. So in the browser it runs
 * without JIT, configured here, before any schema module builds a schema: every
 * module imports z from here, never from 'zod' itself. The server keeps the faster JIT.
 */
if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
