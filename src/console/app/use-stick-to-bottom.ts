import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/** How close to the end (px) still counts as "reading the newest messages". */
const NEAR_END = 48;

/**
 * Keeps a scrolling list at its newest entries, as a chat client does: after every change of `content` the list
 * scrolls to the end when the reader was at (or near) the end, and always when `key` (the channel) changes. A
 * reader who scrolled up to read older messages is left where they are.
 */
export function useStickToBottom<T extends HTMLElement>(key: string, content: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  const atEnd = useRef(true);
  const shownKey = useRef(key);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      atEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_END;
    };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (shownKey.current !== key) {
      shownKey.current = key;
      atEnd.current = true;
    }
    if (atEnd.current) element.scrollTop = element.scrollHeight;
  }, [key, content]);
  return ref;
}
