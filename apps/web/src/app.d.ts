// Ambient SvelteKit types for the callboard web app.
import type { IncomingMessage } from 'node:http';

declare global {
  namespace App {
    interface Error {
      message: string;
    }
    /** adapter-node's platform: the Node request, which the engine gives an in-process API reader (apps/ingest/src/web/sveltekit.ts). */
    interface Platform {
      req: IncomingMessage & { callboardApi?: (path: string) => Promise<Response> };
    }
  }
}

export {};
