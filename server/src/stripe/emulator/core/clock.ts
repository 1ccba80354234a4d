// The emulator clock: an injectable base clock plus an offset that `/_emulator/clock` moves forward or sets.
// Every Stripe timestamp the emulator writes comes from here (seconds), never from Date.now() directly.

export interface BaseClock {
  nowMs(): number;
}

export class EmulatorClock {
  private offsetMs = 0;
  constructor(private readonly base: BaseClock = { nowMs: () => Date.now() }) {}

  nowMs(): number {
    return this.base.nowMs() + this.offsetMs;
  }

  /** Unix seconds, as every Stripe timestamp is. */
  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  setSeconds(seconds: number): void {
    this.offsetMs = seconds * 1000 - this.base.nowMs();
  }

  resetOffset(): void {
    this.offsetMs = 0;
  }
}
