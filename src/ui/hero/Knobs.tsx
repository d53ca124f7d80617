/**
 * The two knobs of approximate DRAM: supply voltage and activation latency, on the profile's
 * knob grid (0.01 V, 0.25 ns on the shipped profiles), with the BER they cause. Native range inputs: arrow keys, Page Up/Down,
 * Home/End and screen readers work without extra code.
 */
import { explorerStore, useExplorer } from '../../state/appStore';
import { fmtBer, fmtDelta } from '../format';
import { useOperatingBer } from '../hooks';

const { setVdd, setTrcd } = explorerStore.getState();

function Knob(props: {
  id: string;
  label: string;
  unit: string;
  digits: number;
  nominal: number | null;
  delta: number;
  min: number;
  step: number;
  testId: string;
  onChange: (v: number) => void;
  what: string;
}) {
  const { id, label, unit, digits, nominal, delta, min, step, testId, onChange, what } = props;
  const absolute = nominal === null ? null : nominal + delta;
  const text =
    absolute === null
      ? `${label} ${fmtDelta(delta, unit, digits)} from nominal`
      : `${label} ${absolute.toFixed(digits)} ${unit}, ${fmtDelta(delta, unit, digits)} from nominal ${nominal!.toFixed(digits)} ${unit}`;
  return (
    <>
      <div className="knob">
        <label htmlFor={id} title={what}>
          {label}
        </label>
        <input
          id={id}
          data-testid={testId}
          type="range"
          min={min}
          max={0}
          step={step}
          value={delta}
          aria-valuetext={text}
          onChange={(e) => onChange(Number(e.currentTarget.value))}
        />
        <div className="value" aria-hidden="true">
          <strong>
            {absolute === null
              ? fmtDelta(delta, unit, digits)
              : `${absolute.toFixed(digits)} ${unit}`}
          </strong>
          <small>
            {absolute === null ? 'from nominal' : `${fmtDelta(delta, unit, digits)} from nominal`}
          </small>
        </div>
      </div>
      <div className="scale" aria-hidden="true">
        <span>
          ← lower {label}: {fmtDelta(min, unit, digits)}
        </span>
        <span>nominal</span>
      </div>
    </>
  );
}

export function Knobs() {
  const vdd = useExplorer((s) => s.config.vddDelta);
  const trcd = useExplorer((s) => s.config.trcdDelta);
  const range = useExplorer((s) => s.knobRange);
  const profile = useExplorer((s) => s.profile);
  const ber = useOperatingBer();
  return (
    <section className="panel" aria-label="DRAM knobs" data-tour="knobs">
      <h2>
        Approximate DRAM knobs
        <span className="sub">
          {profile ? profile.name.split(/[,(]/)[0].trim() : 'profile not loaded'}
        </span>
      </h2>
      <Knob
        id="vdd"
        label="VDD"
        unit="V"
        digits={2}
        nominal={profile?.vddNominal ?? null}
        delta={vdd}
        min={range.vddMin}
        step={range.vddStep}
        testId="vdd-slider"
        onChange={setVdd}
        what="DRAM supply voltage: lower saves energy, but weak cells lose their charge and read wrong"
      />
      <Knob
        id="trcd"
        label="tRCD"
        unit="ns"
        digits={2}
        nominal={profile?.trcdNominal ?? null}
        delta={trcd}
        min={range.trcdMin}
        step={range.trcdStep}
        testId="trcd-slider"
        onChange={setTrcd}
        what="Row-to-column delay: shorter is faster, but slow cells are read before their bitline has settled"
      />
      <div className="bercell">
        <span>Bit error rate</span>
        <span className="big" data-testid="ber" aria-live="polite">
          {fmtBer(ber)}
        </span>
        <span className="note">
          {ber === null
            ? 'DRAM model not loaded'
            : ber === 0
              ? 'no errors at nominal settings'
              : `≈ 1 wrong bit in ${Math.round(1 / ber).toLocaleString()}`}
        </span>
      </div>
    </section>
  );
}
