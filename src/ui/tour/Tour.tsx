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
/** The card's width below a panel (px, or the window's width less 20): wide, so it is short. */
const BELOW_WIDTH = 720;

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
    // Beside the panel (right, else left; narrower down to MIN_WIDTH to fit a side column),
    // else below it, as wide as the page allows (so it is short), with the page scrolled so
    // the panel and the card fit on screen together — or, for a panel taller than that, so the
    // panel's end sits just above the card: never on top of what it explains (at 1024×768 in
    // presentation mode the card covered the lower third of the Why panel). The page gets
    // room below its end for a card under the last panel. Follows it while the page scrolls.
    const pad = document.body.style.paddingBottom;
    let below = false;
    let belowWidth = MAX_WIDTH;
    let H = 260;
    const place = () => {
      const r = el.getBoundingClientRect();
      const right = window.innerWidth - r.right - 24;
      const leftRoom = r.left - 24;
      let next: CardPos;
      if (!below) {
        const top = Math.min(window.innerHeight - H, Math.max(10, r.top));
        const width = Math.min(MAX_WIDTH, Math.max(right, leftRoom));
        next =
          right >= width
            ? { left: r.right + 12, top, width }
            : { left: r.left - 12 - width, top, width };
      } else {
        const left = Math.max(10, Math.min(window.innerWidth - belowWidth - 10, r.left));
        // On screen while the page scrolls there (and if the reader scrolls away).
        const top = Math.max(10, Math.min(window.innerHeight - H, r.bottom + 12));
        next = { left, top, width: belowWidth };
      }
      setPos(next);
    };
    // Where the card goes and where the page scrolls to; again whenever the panel changes size
    // (a Why view's result arrives after the step has scrolled).
    const arrange = () => {
      const r = el.getBoundingClientRect();
      below = Math.max(window.innerWidth - r.right - 24, r.left - 24) < MIN_WIDTH;
      belowWidth = Math.min(BELOW_WIDTH, window.innerWidth - 20);
      const cardEl = card.current;
      if (below && cardEl) cardEl.style.maxWidth = cardEl.style.width = `${belowWidth}px`;
      // The card's own height at the width it will have (taller in presentation mode).
      H = (cardEl?.offsetHeight ?? 250) + 10;
      if (below) {
        document.body.style.paddingBottom = `${H + 24}px`;
        const block = r.height + 12 + H;
        const top =
          block <= window.innerHeight - 20
            ? r.top - (window.innerHeight - block) / 2
            : r.bottom + 12 + H - (window.innerHeight - 10);
        window.scrollTo({ top: window.scrollY + top, behavior: 'smooth' });
      } else {
        document.body.style.paddingBottom = pad;
        el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
      place();
    };
    arrange();
    const resized = new ResizeObserver(() => arrange());
    resized.observe(el);
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', arrange);
    return () => {
      resized.disconnect();
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', arrange);
      el.classList.remove('tour-target');
      document.body.style.paddingBottom = pad;
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
