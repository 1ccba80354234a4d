// Decodes Stripe's bracketed form encoding (`a[b][c]=v`, `a[]=x`, `a[0]=x`, `items[0][amount]=1`) into nested
// objects and arrays, for POST bodies and GET/DELETE query strings alike. Values stay strings; an empty string is
// kept as '' so endpoints can treat it as "unset" (e.g. `metadata[k]=`). Does NOT parse JSON bodies.

type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Thrown for keys that cannot be decoded (mixed scalar/object use of one key, unbalanced brackets). */
export class FormDecodeError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const head = key.slice(0, first);
  const rest = key.slice(first);
  const segments: string[] = [head];
  const re = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    if (m.index !== consumed) throw new FormDecodeError(`Invalid parameter name: ${key}`, key);
    segments.push(m[1] ?? '');
    consumed = m.index + m[0].length;
  }
  if (consumed !== rest.length || head === '')
    throw new FormDecodeError(`Invalid parameter name: ${key}`, key);
  return segments;
}

const APPEND = '\u0000append';

/** Decodes `URLSearchParams` pairs into a nested object (arrays for `[]` and numeric indexes). */
export function decodeForm(pairs: Iterable<[string, string]>): FormObject {
  const root: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const segments = splitKey(key);
    let node: Record<string, unknown> = root;
    for (let i = 0; i < segments.length; i++) {
      const raw = segments[i] ?? '';
      const seg = raw === '' ? `${APPEND}${Object.keys(node).length}` : raw;
      const last = i === segments.length - 1;
      if (last) {
        if (typeof node[seg] === 'object' && node[seg] !== null) {
          throw new FormDecodeError(`Invalid value for ${key}: it is also used as an object`, key);
        }
        node[seg] = value;
      } else {
        const next = node[seg];
        if (next === undefined) {
          const created: Record<string, unknown> = {};
          node[seg] = created;
          node = created;
        } else if (typeof next === 'object' && next !== null) {
          node = next as Record<string, unknown>;
        } else if (next === '') {
          // `metadata=` followed by `metadata[k]=v`: the later, more specific form wins.
          const created: Record<string, unknown> = {};
          node[seg] = created;
          node = created;
        } else {
          throw new FormDecodeError(`Invalid value for ${key}: it is also used as a scalar`, key);
        }
      }
    }
  }
  return normalise(root, '') as FormObject;
}

function normalise(node: unknown, parentKey: string): FormValue {
  if (typeof node === 'string') return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const isArray =
    parentKey !== 'metadata' && keys.length > 0 && keys.every((k) => k.startsWith(APPEND) || /^\d+$/.test(k));
  if (isArray) {
    const sorted = keys
      .map((k) => ({ k, n: k.startsWith(APPEND) ? Number(k.slice(APPEND.length)) : Number(k) }))
      .sort((a, b) => a.n - b.n);
    return sorted.map(({ k }) => normalise(obj[k], k));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = normalise(obj[k], k);
  return out;
}

/** Parses an `application/x-www-form-urlencoded` string. */
export function decodeFormString(body: string): FormObject {
  return decodeForm(new URLSearchParams(body).entries());
}

/** Renders a param path the way Stripe names it in errors: `a[b][0]`. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  return `${head ?? ''}${rest.map((p) => `[${p}]`).join('')}`;
}
