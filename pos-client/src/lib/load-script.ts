/** Loads a classic <script> once and resolves when it has run (used for the emulated Terminal SDK). */
const loaded = new Map<string, Promise<void>>();

export function loadScript(src: string): Promise<void> {
  const existing = loaded.get(src);
  if (existing) return existing;
  const promise = new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => {
      loaded.delete(src);
      reject(new Error(`Could not load ${src}`));
    });
    document.head.appendChild(script);
  });
  loaded.set(src, promise);
  return promise;
}
