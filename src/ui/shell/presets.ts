/** Keyboard shortcuts for talks (the scenarios themselves: src/state/scenarios.ts). */
export const SHORTCUTS: readonly [string, string][] = [
  ['1–6', 'talk scenarios (each sets every setting it needs)'],
  ['[ / ]', 'VDD one step down / up'],
  [', / .', 'tRCD one step down / up'],
  ['P', 'presentation mode on/off'],
  ['T', 'guided tour'],
  ['?', 'this list'],
];

/** true when the key press belongs to a text field or a control that uses the key itself. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  if (tag === 'INPUT')
    return (
      (target as HTMLInputElement).type !== 'range' && (target as HTMLInputElement).type !== 'radio'
    );
  return false;
}
