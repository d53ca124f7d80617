/** The explorer page: knobs and headline numbers on top, the chart, then the panels. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useExplorer } from '../state/appStore';
import { ArrayView } from './bits/ArrayView';
import { BitView } from './bits/BitView';
import { BerChart } from './chart/BerChart';
import { ControlsPanel } from './controls/ControlsPanel';
import { Headline } from './hero/Headline';
import { Knobs } from './hero/Knobs';
import { PartitionMap } from './partition/PartitionMap';
import { RunsPanel } from './runs/RunsPanel';
import { SavingsPanel } from './savings/SavingsPanel';
import { Header } from './shell/Header';
import { Notices } from './shell/Notices';
import { ScenarioCaption } from './shell/ScenarioCaption';
import { SHORTCUTS } from './shell/presets';
import { useShortcuts } from './shell/useShortcuts';
import { BackendReason } from './shell/BackendBadge';
import { Tour } from './tour/Tour';
import { UserModelPanel } from './usermodel/UserModelPanel';
import { WhyPanel } from './why/WhyPanel';
import { cssVariables, useThemeColors } from './theme';

function Truths() {
  return (
    <footer className="truth" data-testid="truths">
      <strong>What this page models.</strong> Compute stays float32: the network's arithmetic is
      exact and only the <em>storage</em> of its data in DRAM suffers bit errors (weights, input and
      output feature maps are written in the chosen format, read back with flips, decoded). Bit
      errors come from error models fitted to DRAM characterization (EDEN, MICRO 2019). Energy and
      latency are <em>models</em> from datasheet currents and timings, not measurements. Everything
      runs in your browser; nothing is sent anywhere. <BackendReason />
    </footer>
  );
}

/** The shortcut list: closes on Escape, on a click outside it, or with its button. */
function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    const down = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener('keydown', key);
    window.addEventListener('mousedown', down);
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('mousedown', down);
    };
  }, [onClose]);
  return (
    <div
      ref={box}
      className="tour"
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcut-help"
      style={{ right: 20, top: 120 }}
    >
      <strong>Keyboard shortcuts</strong>
      <table>
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

export function App() {
  const present = useExplorer((s) => s.config.present);
  const colors = useThemeColors();
  const [help, setHelp] = useState(false);
  const [tour, setTour] = useState(false);
  const startTour = useCallback(() => setTour(true), []);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  useShortcuts({ tour: startTour, help: toggleHelp });
  return (
    <div className={`app${present ? ' present' : ''}`} style={cssVariables(colors)}>
      <Header onTour={startTour} />
      <Notices />
      <ScenarioCaption />
      <div className="layout">
        <div className="main" style={{ alignContent: 'start' }}>
          <ControlsPanel />
          <UserModelPanel />
        </div>
        <main className="main">
          <div className="hero">
            <Knobs />
            <Headline />
          </div>
          <BerChart />
          <WhyPanel />
          <RunsPanel />
          <PartitionMap />
          <div className="row2">
            <SavingsPanel />
            <div className="main">
              <ArrayView />
              <BitView />
            </div>
          </div>
        </main>
      </div>
      <Truths />
      {help ? <ShortcutHelp onClose={closeHelp} /> : null}
      {tour ? <Tour onClose={() => setTour(false)} /> : null}
    </div>
  );
}
