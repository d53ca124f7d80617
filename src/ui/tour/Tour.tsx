/**
 * A short guided tour: a card beside the highlighted panel; Esc closes, arrows move. Each step
 * sets the state it explains (knobs, the Why view) and the page scrolls smoothly down to it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { explorerStore } from '../../state/appStore';
import { TOUR } from './steps';

/** The card's widest and narrowest width (px). */
const MAX_WIDTH = 360;
const MIN_WIDTH = 250;

interface CardPos {
  left: number;
  top: number;
  width: number;
}

export function Tour({ onClose }: { onClose: () => void }) {
  const [i, setI] = useState(0);
  const [pos, setPos] = useState<CardPos>({ left: 20, top: 80, width: MAX_WIDTH });
  const step = TOUR[i];
  const card = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const s = explorerStore.getState();
    if (step.knobs) {
      s.setVdd(step.knobs.vddDelta);
      s.setTrcd(step.knobs.trcdDelta);
    }
    if (step.whyView && s.config.whyView !== step.whyView) s.update({ whyView: step.whyView });
    const el = document.querySelector<HTMLElement>(`[data-tour="${step.target}"]`);
    if (!el) return;
    el.classList.add('tour-target');
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    // Beside the panel (right, else left; narrower down to MIN_WIDTH to fit a side column),
    // else just below it: never on top of what it explains. Follows it while the page scrolls.
    const place = () => {
      const r = el.getBoundingClientRect();
      // The card's own height (taller in presentation mode), so it stays on screen.
      const H = (card.current?.offsetHeight ?? 250) + 10;
      const right = window.innerWidth - r.right - 24;
      const leftRoom = r.left - 24;
      let top = Math.min(window.innerHeight - H, Math.max(10, r.top));
      let next: CardPos;
      if (right >= MIN_WIDTH || leftRoom >= MIN_WIDTH) {
        const width = Math.min(MAX_WIDTH, Math.max(right, leftRoom));
        next =
          right >= width
            ? { left: r.right + 12, top, width }
            : { left: r.left - 12 - width, top, width };
      } else {
        top = Math.max(10, Math.min(window.innerHeight - H, r.bottom + 12));
        const width = Math.min(MAX_WIDTH, window.innerWidth - 20);
        next = { left: Math.max(10, Math.min(window.innerWidth - width - 10, r.left)), top, width };
      }
      setPos(next);
    };
    place();
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
      el.classList.remove('tour-target');
    };
  }, [step]);

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
      ref={card}
      className="tour"
      role="dialog"
      aria-label="Guided tour"
      aria-live="polite"
      style={{ ...pos, maxWidth: pos.width }}
      data-testid="tour"
      data-step={i}
      data-target={step.target}
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
            <button
              type="button"
              className="primary"
              onClick={() => setI(i + 1)}
              autoFocus
              data-testid="tour-next"
            >
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
