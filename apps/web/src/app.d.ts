// Ambient SvelteKit types for the callboard web app.
declare global {
  namespace App {
    interface Error {
      message: string;
    }
  }
}

export {};
