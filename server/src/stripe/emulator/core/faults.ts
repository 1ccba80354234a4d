// Fault injection for /v1 requests (`/_emulator/faults`): injected 500 api_error responses (decided before the
// endpoint runs, so they are never stored for idempotency), artificial delays, and "drop after commit" (the
// write commits, then the connection is destroyed before any response). Seeded PRNG for reproducible runs.

interface FaultConfig {
  error_rate: number;
  delay_ms: number;
  delay_rate: number;
  drop_after_commit_rate: number;
  path_prefix: string | null;
  seed: number | null;
}

const NO_FAULTS: FaultConfig = {
  error_rate: 0,
  delay_ms: 0,
  delay_rate: 0,
  drop_after_commit_rate: 0,
  path_prefix: null,
  seed: null,
};

/** mulberry32: tiny deterministic PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  config: FaultConfig = { ...NO_FAULTS };
  /** How many faults were injected since the last set/clear. */
  injected = { errors: 0, delays: 0, drops: 0 };
  private random: () => number = Math.random;

  set(config: Partial<FaultConfig>): FaultConfig {
    this.config = { ...NO_FAULTS, ...config };
    this.injected = { errors: 0, delays: 0, drops: 0 };
    this.random = config.seed === undefined || config.seed === null ? Math.random : mulberry32(config.seed);
    return this.config;
  }

  clear(): void {
    this.set({});
  }

  private applies(path: string): boolean {
    return this.config.path_prefix === null || path.startsWith(this.config.path_prefix);
  }

  shouldDelay(path: string): number {
    if (!this.applies(path) || this.config.delay_ms <= 0) return 0;
    if (this.random() >= this.config.delay_rate) return 0;
    this.injected.delays++;
    return this.config.delay_ms;
  }

  shouldError(path: string): boolean {
    const hit = this.applies(path) && this.config.error_rate > 0 && this.random() < this.config.error_rate;
    if (hit) this.injected.errors++;
    return hit;
  }

  shouldDrop(path: string): boolean {
    const hit =
      this.applies(path) &&
      this.config.drop_after_commit_rate > 0 &&
      this.random() < this.config.drop_after_commit_rate;
    if (hit) this.injected.drops++;
    return hit;
  }
}
