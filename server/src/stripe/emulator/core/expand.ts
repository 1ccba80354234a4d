// `expand[]` support: dotted paths (≤ 4 levels, `data.` prefix for lists) replace id strings with the stored
// objects; resources may register virtual expandable fields (e.g. charge.refunds, a list). Does NOT check
// whether a field is expandable in Stripe's schema beyond "it holds an id string or is registered".
import { invalidRequest } from './errors.ts';
import type { Store } from './store.ts';

export type VirtualExpander = (parent: Record<string, unknown>, store: Store) => unknown;

const MAX_DEPTH = 4;

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
    for (const path of paths) {
      const segments = path.split('.');
      const depth =
        isRecord(body) && body.object === 'list' && segments[0] === 'data'
          ? segments.length - 1
          : segments.length;
      if (depth > MAX_DEPTH) {
        throw invalidRequest(
          `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
          { param: 'expand' },
        );
      }
      out = this.expandPath(out, segments, path);
    }
    return out;
  }

  private expandPath(value: unknown, segments: string[], fullPath: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.expandPath(v, segments, fullPath));
    if (!isRecord(value)) return value;
    const [head, ...rest] = segments;
    if (head === undefined) return value;
    let child: unknown;
    const virtual = this.virtuals.get(`${String(value.object)}.${head}`);
    if (virtual && (!(head in value) || typeof value[head] === 'string' || value[head] === undefined)) {
      child = virtual(value, this.store);
    } else if (head in value) {
      child = value[head];
      if (typeof child === 'string') child = this.store.findById(child)?.object ?? child;
      else if (child !== null && typeof child !== 'object') {
        throw invalidRequest(`This property cannot be expanded (${head}).`, { param: 'expand' });
      }
    } else {
      throw invalidRequest(`This property cannot be expanded (${head}).`, { param: 'expand' });
    }
    if (rest.length > 0) child = this.expandPath(child, rest, fullPath);
    return { ...value, [head]: child };
  }
}
