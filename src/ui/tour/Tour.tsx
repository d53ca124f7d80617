/** A short guided tour: a card beside the highlighted panel; Esc closes, arrows move. */
import { useEffect, useLayoutEffect, useState } from 'react';
import { TOUR } from './steps';

export function Tour({ onClose }: { onClose: () => void }) {
  const [i, setI] = useState(0);
  const [pos, setPos] = useState<{ left: number; top: number }>({ left: 20, top: 80 });
  const step = TOUR[i];

  useLayoutEffect(() => {
    const el = document.querySelector<HTMLElement>(`[data-tour="${step.target}"]`);
    if (!el) return;
    el.classList.add('tour-target');
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const place = () => {
      const r = el.getBoundingClientRect();
      // Beside the panel (right, else left), else just below it: never on top of what it explains.
      const W = 380;
      let left: number;
      let top = Math.min(window.innerHeight - 260, Math.max(10, r.top));
      if (r.right + 12 + W <= window.innerWidth) left = r.right + 12;
      else if (r.left - 12 - W >= 0) left = r.left - 12 - W;
      else {
        left = Math.max(10, Math.min(window.innerWidth - W - 10, r.left));
        top = Math.min(window.innerHeight - 260, r.bottom + 12);
      }
      setPos({ left, top });
    };
    const t = setTimeout(place, 350);
    return () => {
      clearTimeout(t);
      el.classList.remove('tour-target');
    };
  }, [step.target]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      else if (e.key === 'ArrowRight') setI((k) => Math.min(TOUR.length - 1, k + 1));
      else if (e.key === 'ArrowLeft') setI((k) => Math.max(0, k - 1));
      else return;
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  return (
    <div
      className="tour"
      role="dialog"
      aria-label="Guided tour"
      aria-live="polite"
      style={pos}
      data-testid="tour"
    >
      <strong>{step.title}</strong>
      <p>{step.text}</p>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <span className="note">
          {i + 1} / {TOUR.length}
        </span>
        <span className="toolbar">
          <button type="button" onClick={() => setI(i - 1)} disabled={i === 0}>
            Back
          </button>
          {i < TOUR.length - 1 ? (
            <button type="button" className="primary" onClick={() => setI(i + 1)} autoFocus>
              Next
            </button>
          ) : (
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          )}
          <button type="button" onClick={onClose} aria-label="Close the tour">
            ×
          </button>
        </span>
      </div>
    </div>
  );
}
