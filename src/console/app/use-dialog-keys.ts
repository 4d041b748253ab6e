import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** What can take focus inside a dialog. */
const FOCUSABLE =
  'input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled])';

/**
 * Keyboard behaviour of a modal dialog: focuses its first field (or button) on open, keeps Tab and Shift+Tab
 * cycling inside it (focus never wanders to the page behind), calls `onEscape` on Escape, and gives focus back to
 * what had it before when the dialog closes. Set up as the dialog enters the page, before it is painted, so no key
 * pressed once it shows is missed. Runs once per opening: a re-render (every live update) neither moves the focus nor
 * loses what is being typed.
 */
export function useDialogKeys(ref: RefObject<HTMLElement | null>, onEscape: () => void): void {
  const escapeHandler = useRef(onEscape);
  escapeHandler.current = onEscape;
  // A layout effect, not an effect: preact runs effects after the next paint, so a key pressed as soon as the dialog
  // shows (Escape on a confirm that opened by mistake) would reach no listener and be lost.
  useLayoutEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const focusable = () => [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    focusable()[0]?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        escapeHandler.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const all = focusable();
      const first = all[0];
      const last = all[all.length - 1];
      if (!first || !last) return;
      const inside = ref.current?.contains(document.activeElement) === true;
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [ref]);
}
