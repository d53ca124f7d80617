/** One weight's bits before/after a read, clickable, with EDEN's out-of-range correction shown. */
import { useMemo, useState } from 'react';
import { FORMAT_BITS } from '../../core/types';
import { useExplorer } from '../../state/appStore';
import { errorModelOf } from '../engine/runConfig';
import { fmtBer } from '../format';
import { useModelEntry, useOperatingBer } from '../hooks';
import { drawFlipMask, readWeight } from './weightBits';

function fmtValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4);
}

function Bits({
  bits,
  fields,
  flipped,
  onFlip,
  label,
}: {
  bits: (0 | 1)[];
  fields: { name: string; msb: number; lsb: number }[];
  flipped: boolean[];
  onFlip?: (bitFromMsb: number) => void;
  label: string;
}) {
  const width = bits.length;
  const cls = (i: number) => {
    const bit = width - 1 - i;
    const f = fields.find((x) => bit <= x.msb && bit >= x.lsb)?.name;
    return f === 'sign' ? 'sign' : f === 'exponent' ? 'exp' : 'man';
  };
  return (
    <div className="bits" role="group" aria-label={label}>
      {bits.map((b, i) =>
        onFlip ? (
          <button
            key={i}
            type="button"
            className={`${cls(i)}${flipped[i] ? ' flip' : ''}`}
            style={{ padding: 0, border: 'none', font: 'inherit', color: 'inherit' }}
            aria-pressed={flipped[i]}
            aria-label={`bit ${width - 1 - i}: ${b}${flipped[i] ? ', flipped' : ''}`}
            onClick={() => onFlip(i)}
          >
            {b}
          </button>
        ) : (
          <span key={i} className={`${cls(i)}${flipped[i] ? ' flip' : ''}`}>
            {b}
          </span>
        ),
      )}
    </div>
  );
}

export function BitView() {
  const config = useExplorer((s) => s.config);
  const entry = useModelEntry();
  const ber = useOperatingBer() ?? 0;
  const [draws, setDraws] = useState(0);
  const dt = entry?.dataTypes.find((d) => d.kind === 'weights');
  const range = dt?.range ?? { min: -0.5, max: 0.5 };
  // A typical large weight of the layer: 60 % of its largest magnitude.
  const value = Number((0.6 * Math.max(Math.abs(range.min), Math.abs(range.max))).toPrecision(3));
  const width = FORMAT_BITS[config.format];
  const spec = errorModelOf(config);
  // One read at the knobs' BER, redrawn whenever they move (one weight: microseconds, no worker
  // request); "Draw a read" takes the next trial's read.
  const read = useMemo(() => {
    try {
      const mask = drawFlipMask(value, config.format, range, {
        errorModel: spec,
        ber,
        moduleSeed: config.moduleSeed,
        trialSeed: config.trialSeed + 1000 + draws,
      });
      return { mask, error: null };
    } catch (e) {
      return { mask: 0, error: (e as Error).message };
    }
    // spec and range are derived from config and entry
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, config, dt, ber, draws]);
  // The reader's own flips hold until the read they were made on changes (a knob, a setting).
  const [own, setOwn] = useState<{ mask: number; on: typeof read } | null>(null);
  const mine = own?.on === read;
  const mask = mine ? own.mask : read.mask;
  const r = readWeight(value, config.format, range, mask, config.correction);
  const chance = 1 - (1 - ber) ** width;
  const note = mine
    ? 'Your flip.'
    : read.error
      ? read.error
      : read.mask
        ? `This read at BER ${fmtBer(ber)} flipped the marked bits.`
        : `No flip on this read at BER ${fmtBer(ber)} (chance of any flip in ${width} bits: ${(100 * chance).toFixed(2)} %).`;
  return (
    <section
      className="panel"
      aria-label="One weight, bit by bit"
      data-testid="bit-view"
      data-ber={String(ber)}
      data-flips={r.flipped.filter(Boolean).length}
    >
      <h2>
        One weight, bit by bit
        <span className="sub">
          {dt
            ? `${dt.id}, clean range [${range.min.toFixed(3)}, ${range.max.toFixed(3)}]`
            : 'example range'}
        </span>
      </h2>
      <div className="note">
        stored ({config.format}) = {fmtValue(r.before.value)}
      </div>
      <Bits
        bits={r.before.bits}
        fields={r.before.fields}
        flipped={r.flipped}
        label="stored bits, click to flip"
        onFlip={(i) => setOwn({ mask: (mask ^ (1 << (width - 1 - i))) >>> 0, on: read })}
      />
      <div className="note" style={{ marginTop: 6 }}>
        read back = <strong>{fmtValue(r.after.value)}</strong>
        {r.corrected
          ? ` → outside the clean range, ${r.corrected} to ${fmtValue(r.used)} by out-of-range correction`
          : r.flipped.some(Boolean) && config.correction !== 'none'
            ? ' (inside the clean range: correction cannot see it)'
            : ''}
      </div>
      <Bits
        bits={r.after.bits}
        fields={r.after.fields}
        flipped={r.flipped}
        label="bits read back"
      />
      <div className="legend" style={{ marginTop: 6 }}>
        {config.format === 'fp32' ? (
          <>
            <span>
              <i className="swatch" style={{ background: 'rgba(185,28,28,.35)' }} />
              sign
            </span>
            <span>
              <i className="swatch" style={{ background: 'rgba(31,111,235,.35)' }} />
              exponent
            </span>
            <span>
              <i className="swatch" style={{ background: 'rgba(21,128,61,.3)' }} />
              mantissa
            </span>
          </>
        ) : (
          <span>two's complement: sign bit then magnitude bits; value = code × scale</span>
        )}
      </div>
      <p className="note">
        {note}{' '}
        <button type="button" onClick={() => setDraws((d) => d + 1)}>
          Draw a read
        </button>{' '}
        <button type="button" onClick={() => setOwn({ mask: 0, on: read })}>
          No flips
        </button>
      </p>
    </section>
  );
}
