// A supervisor's step that needs a reason (force close, hide, cancel a booking), as ReasonDialog asks it.
export interface ReasonAsk {
  title: string;
  /** What happens, in one sentence. */
  text: string;
  confirm: string;
  required: boolean;
  run: (reason: string | undefined) => Promise<unknown>;
}
