// A load repeated every few seconds until stopped; refresh() may also run at once (after a pushed change), the rhythm kept.
export abstract class Poller {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly everyMs: number) {}

  /** Load once; errors are the subclass's to show. */
  abstract refresh(): Promise<void>;

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async loop(): Promise<void> {
    await this.refresh();
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), this.everyMs);
  }
}
