// A once-a-second clock for "wait so far" and "time in state"; only `now` changes, so only what reads it updates.
export class Ticker {
  now = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | null = null;

  start(ms = 1000): void {
    this.timer = setInterval(() => { this.now = Date.now(); }, ms);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
