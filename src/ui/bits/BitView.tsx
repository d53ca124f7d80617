/** One weight's bits before/after a read, clickable, with EDEN's out-of-range correction shown. */
import { useState } from 'react';
import { useExplorer } from '../../state/appStore';
import { errorModelOf } from '../engine/runConfig';
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
  const [mask, setMask] = useState(0);
  const [note, setNote] = useState('Click a bit to flip it, or draw a read at the current BER.');
  const [draws, setDraws] = useState(0);
  const dt = entry?.dataTypes.find((d) => d.kind === 'weights');
  const range = dt?.range ?? { min: -0.5, max: 0.5 };
  // A typical large weight of the layer: 60 % of its largest magnitude.
  const value = Number((0.6 * Math.max(Math.abs(range.min), Math.abs(range.max))).toPrecision(3));
  const r = readWeight(value, config.format, range, mask, config.correction);
  const width = r.before.bits.length;
  return (
    <section className="panel" aria-label="One weight, bit by bit" data-testid="bit-view">
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
        onFlip={(i) => {
          setMask((m) => (m ^ (1 << (width - 1 - i))) >>> 0);
          setNote('Your flip.');
        }}
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
        <button
          type="button"
          onClick={() => {
            try {
              const m = drawFlipMask(value, config.format, range, {
                errorModel: errorModelOf(config),
                ber,
                moduleSeed: config.moduleSeed,
                trialSeed: config.trialSeed + 1000 + draws,
              });
              setDraws((d) => d + 1);
              setMask(m);
              const p = 1 - (1 - ber) ** width;
              setNote(
                m
                  ? 'This read flipped the marked bits.'
                  : `No flip on this read (chance of any flip: ${(100 * p).toFixed(2)} %).`,
              );
            } catch (e) {
              setNote((e as Error).message);
            }
          }}
        >
          Draw a read
        </button>{' '}
        <button type="button" onClick={() => setMask(0)}>
          Reset
        </button>
      </p>
    </section>
  );
}
