/**
 * Seeing the bits (issue #7 item 5): a window of the DRAM array, rows × bitlines, with weak
 * lines shaded and the cells that flipped on this read in red — wordline vs bitline
 * correlation is obvious at a glance.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ERROR_MODEL_NAMES } from '../../core/types';
import { useExplorer } from '../../state/appStore';
import { errorModelOf } from '../engine/runConfig';
import { fmtBer } from '../format';
import { useOperatingBer } from '../hooks';
import { useThemeColors } from '../theme';
import { BITLINES, bitAt, readArray, ROWS } from './arrayModel';

const CELL = 6;

export function ArrayView() {
  const config = useExplorer((s) => s.config);
  const ber = useOperatingBer() ?? 0;
  const colors = useThemeColors();
  const [read, setRead] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const spec = errorModelOf(config);
  const result = useMemo(() => {
    try {
      return readArray(spec, ber, config.moduleSeed, config.trialSeed + read);
    } catch (e) {
      return (e as Error).message;
    }
    // spec is derived from config
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    config.em,
    config.weakFraction,
    config.oneToZeroShare,
    ber,
    config.moduleSeed,
    config.trialSeed,
    read,
  ]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || typeof result === 'string') return;
    const { stored, read: after, weakRows, weakBitlines } = result;
    ctx.fillStyle = colors.panel;
    ctx.fillRect(0, 0, BITLINES * CELL, ROWS * CELL);
    for (let r = 0; r < ROWS; r++) {
      for (let b = 0; b < BITLINES; b++) {
        const weak = (weakRows && weakRows[r]) || (weakBitlines && weakBitlines[b]);
        const s = bitAt(stored, r, b);
        const flip = s !== bitAt(after, r, b);
        ctx.fillStyle = flip
          ? '#ef4444'
          : weak
            ? s
              ? '#d97706'
              : '#fcd34d'
            : s
              ? colors.muted
              : colors.line;
        ctx.fillRect(b * CELL, r * CELL, CELL - (flip ? 0 : 1), CELL - (flip ? 0 : 1));
      }
    }
  }, [result, colors]);

  const bits = ROWS * BITLINES;
  return (
    <section className="panel" aria-label="DRAM array" data-tour="bits">
      <h2>
        Inside the DRAM array
        <span className="sub">
          {ERROR_MODEL_NAMES[config.em]} · BER {fmtBer(ber)}
        </span>
      </h2>
      <canvas
        ref={canvas}
        className="array"
        width={BITLINES * CELL}
        height={ROWS * CELL}
        data-testid="array-view"
        data-flips={typeof result === 'string' ? '' : result.stats.flips}
        role="img"
        aria-label={
          typeof result === 'string'
            ? result
            : `${ROWS} rows by ${BITLINES} bitlines; ${result.stats.flips} of ${bits} bits flipped on this read`
        }
      />
      <div className="legend">
        <span>
          <i style={{ background: '#ef4444' }} />
          flipped on this read
        </span>
        <span>
          <i style={{ background: colors.muted }} />1 stored
        </span>
        <span>
          <i style={{ background: colors.line }} />0 stored
        </span>
        {config.em === 1 || config.em === 2 ? (
          <span>
            <i style={{ background: '#fcd34d' }} />
            <i style={{ background: '#d97706' }} />
            weak {config.em === 1 ? 'row (wordline)' : 'bitline'}
          </span>
        ) : null}
      </div>
      <p className="note">
        {typeof result === 'string'
          ? result
          : `${result.stats.flips} flips in ${bits.toLocaleString()} bits (expected ≈ ${(ber * bits).toFixed(1)}); ${result.stats.oneToZero} were 1→0. `}
        A {ROWS} × {BITLINES} window at the start of a partition, example data; which lines are weak
        is fixed by the module seed, which bits flip by the trial seed.{' '}
        <button type="button" onClick={() => setRead((r) => r + 1)}>
          Read again
        </button>
      </p>
    </section>
  );
}
