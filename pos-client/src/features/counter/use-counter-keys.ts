/**
 * The counter's keyboard for a desktop till: a digit (or the decimal point) typed anywhere outside a
 * field starts or continues a keyed amount, Backspace takes its last character back, Enter charges and
 * Esc cancels the payment on the reader (or clears the keyed amount). Keys typed into a field, and Enter
 * or Space on a focused button or link, keep their usual meaning.
 */
import { useEffect, useRef } from 'react';

interface CounterKeys {
  /** The counter screen is shown (not the shift's sales). */
  enabled: boolean;
  /** No payment under way: digits and Enter act; Esc acts in every state. */
  idle: boolean;
  onDigit: (key: string) => void;
  onBackspace: () => void;
  onEnter: () => void;
  onEscape: () => void;
}

/** Whether the key press belongs to a control the person is using (a field, a select, a button, a link). */
function inControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (key === 'Enter' || key === ' ');
}

export function useCounterKeys(keys: CounterKeys) {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { enabled, idle, onDigit, onBackspace, onEnter, onEscape } = latest.current;
      if (!enabled || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape') {
        if (document.querySelector('dialog[open]')) return;
        onEscape();
        return;
      }
      if (!idle || inControl(event.target, event.key)) return;
      if (/^[0-9.,]$/.test(event.key)) {
        event.preventDefault();
        onDigit(event.key);
      } else if (event.key === 'Backspace') {
        event.preventDefault();
        onBackspace();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        onEnter();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
