/** The caption of the talk scenario on screen (keys 1–6): one at a time, replaced, never stacked. */
import { explorerStore, useExplorer } from '../../state/appStore';
import { SCENARIOS, showsScenario } from '../../state/scenarios';

export function ScenarioCaption() {
  const key = useExplorer((s) => s.scenario);
  const config = useExplorer((s) => s.config);
  const scenario = SCENARIOS.find((s) => s.key === key);
  // Once a setting of the scenario changes, its caption no longer describes the page.
  if (!scenario || !showsScenario(config, scenario)) return null;
  return (
    <div
      className="scenario"
      role="status"
      aria-live="polite"
      data-testid="scenario-caption"
      data-key={scenario.key}
    >
      {/* First: it floats right, on the first line. */}
      <button
        type="button"
        aria-label="Hide the scenario caption"
        onClick={() => explorerStore.setState({ scenario: null })}
      >
        ×
      </button>
      <kbd>{scenario.key}</kbd>
      <strong>{scenario.title}.</strong> <span>{scenario.caption}</span>
    </div>
  );
}
