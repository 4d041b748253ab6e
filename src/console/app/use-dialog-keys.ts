import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** Focuses the dialog's first field (or button) on open, and calls `onEscape` when Escape is pressed. */
export function useDialogKeys(ref: RefObject<HTMLElement | null>, onEscape: () => void): void {
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button');
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onEscape();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ref, onEscape]);
}
