import { useEffect, useRef } from 'react';

/**
 * Brings what a "Review" or "Open" button opened into view and puts the
 * keyboard there: at 1024×768 a detail below a long table is otherwise
 * opened out of sight. Attach the ref to the detail's heading (with
 * tabIndex={-1}); `request` changes on every click, so opening the same
 * entry again brings it back too. Null means nothing is open.
 */
export function useReveal<T extends HTMLElement>(request: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (request == null) return;
    const el = ref.current;
    if (!el) return;
    el.scrollIntoView({ block: 'start', behavior: 'auto' });
    el.focus({ preventScroll: true });
  }, [request]);
  return ref;
}
