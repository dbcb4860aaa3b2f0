// Keys for the screens, without losing any. Ink attaches a component's key listener in a
// passive effect, some time after the component is drawn: a key typed in between (right after
// Enter moved to the next question) would reach no one. Here one listener, attached when the
// wizard starts, hands each key to the handlers registered by the components on screen, which
// register while they are drawn (layout effect, synchronous with the commit).
import { createContext, useContext, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';

type Handler = (input: string, key: Key) => void;
interface Entry { fn: { current: Handler }; active: { current: boolean } }

const KeysContext = createContext<Set<Entry> | null>(null);

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Text and Enter in one read ("example.com\r": typed fast, pasted, or over a slow link) reach
 * Ink as one input; split it, so that the text is typed and Enter is Enter.
 */
export function splitReturns(input: string, key: Key): [string, Key][] {
  if (key.return || input.length < 2 || !input.includes('\r')) return [[input, key]];
  return input.split(/(\r)/).filter(Boolean).map((p) => (p === '\r' ? ['', { ...NO_KEY, return: true }] : [p, { ...NO_KEY }]));
}

export function KeyRouter({ children }: { children: ReactNode }) {
  const handlers = useMemo(() => new Set<Entry>(), []);
  useInput((input, key) => {
    for (const [i, k] of splitReturns(input, key)) for (const h of [...handlers]) if (h.active.current) h.fn.current(i, k);
  });
  return <KeysContext.Provider value={handlers}>{children}</KeysContext.Provider>;
}

/** Like Ink's useInput; inside a KeyRouter, registered with it instead. */
export function useKeys(handler: Handler, o: { isActive?: boolean } = {}): void {
  const handlers = useContext(KeysContext);
  const fn = useRef(handler);
  fn.current = handler;
  const active = useRef(o.isActive ?? true);
  active.current = o.isActive ?? true;
  useLayoutEffect(() => {
    if (!handlers) return;
    const entry = { fn, active };
    handlers.add(entry);
    return () => { handlers.delete(entry); };
  }, [handlers]);
  // Outside a router (a component drawn on its own, in a test): Ink's own hook.
  useInput((input, key) => fn.current(input, key), { isActive: !handlers && (o.isActive ?? true) });
}
