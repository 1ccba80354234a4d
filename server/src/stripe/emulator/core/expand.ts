// Applies `expand[]` paths to a response whose paths core/expandable-fields.ts has already accepted: dotted
// paths (`data.` first on lists) replace id strings with the stored objects; resources may register virtual
// expandable fields computed on demand (e.g. charge.refunds, a list Stripe includes only when expanded). A
// field that holds null, or an id the emulator does not store (a customer, an invoice), stays as it is.
import type { Store } from './store.ts';

export type VirtualExpander = (parent: Record<string, unknown>, store: Store) => unknown;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Expander {
  private readonly virtuals = new Map<string, VirtualExpander>();

  constructor(private readonly store: Store) {}

  register(objectType: string, field: string, fn: VirtualExpander): void {
    this.virtuals.set(`${objectType}.${field}`, fn);
  }

  apply(body: unknown, paths: readonly string[]): unknown {
    let out = body;
    for (const path of paths) out = this.expandPath(out, path.split('.'));
    return out;
  }

  private expandPath(value: unknown, segments: string[]): unknown {
    if (Array.isArray(value)) return value.map((v) => this.expandPath(v, segments));
    if (!isRecord(value)) return value;
    const [head, ...rest] = segments;
    if (head === undefined) return value;
    const virtual = this.virtuals.get(`${String(value.object)}.${head}`);
    let child: unknown;
    if (virtual && (value[head] === undefined || typeof value[head] === 'string')) {
      child = virtual(value, this.store);
    } else if (head in value) {
      child = value[head];
      if (typeof child === 'string') child = this.store.findById(child)?.object ?? child;
    } else {
      return value;
    }
    if (rest.length > 0) child = this.expandPath(child, rest);
    return { ...value, [head]: child };
  }
}
