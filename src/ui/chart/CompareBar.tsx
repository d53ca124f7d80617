/**
 * Comparisons kept side by side (issue #7 items 2 and 6): pin the current curve, add every
 * error model or every storage format, and the list of curves beside the current one with their
 * colour, progress and a remove button. The curves survive knob and setting changes and (except
 * the session-only boosted ones) travel in the link (`cmp=`, src/state/url.ts).
 */
import { useMemo } from 'react';
import { useExplorer, explorerStore } from '../../state/appStore';
import { curveConfigOf, curveKey } from '../../state/curves';
import { useThemeColors } from '../theme';
import { chartSeries } from './series';

export function CompareBar() {
  const curves = useExplorer((s) => s.curves);
  const config = useExplorer((s) => s.config);
  const colors = useThemeColors();
  const key = curveKey(config);
  const { extras } = useMemo(
    () => chartSeries(curveConfigOf(config), key, curves, colors),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the knobs do not change the labels
    [key, curves, colors],
  );
  const byId = new Map(extras.map((e) => [e.id, e]));
  const s = explorerStore.getState;
  return (
    <div className="compare" data-testid="compare">
      <span className="toolbar" aria-label="Compare curves">
        <button
          type="button"
          data-testid="pin-curve"
          title="Keep this curve on the chart while you change settings"
          onClick={() => s().pinCurrent()}
        >
          Pin curve
        </button>
        <button
          type="button"
          data-testid="compare-em"
          title="Add the current settings with each of the four error models"
          onClick={() => s().compare('em')}
        >
          Compare error models
        </button>
        <button
          type="button"
          data-testid="compare-format"
          title="Add the current settings in each storage format (fp32, int16, int8, int4)"
          onClick={() => s().compare('format')}
        >
          Compare formats
        </button>
        {curves.length ? (
          <button type="button" data-testid="clear-curves" onClick={() => s().clearCurves()}>
            Clear
          </button>
        ) : null}
      </span>
      {curves.length ? (
        <ul className="curve-list" data-testid="curve-list">
          {curves.map((c) => {
            const shown = byId.get(c.id);
            return (
              <li
                key={c.id}
                data-testid="extra-curve"
                data-kind={c.kind}
                data-points={c.points.length}
                data-running={c.running}
              >
                <span
                  className="swatch"
                  style={{ background: shown?.color ?? 'transparent' }}
                  aria-hidden="true"
                />
                {shown?.label ?? 'same as the current settings'}
                <span className="note">
                  {' '}
                  {c.error
                    ? `failed: ${c.error}`
                    : c.points.length < c.total
                      ? `${c.points.length}/${c.total} points${c.running ? ' (measuring)' : ' (queued)'}`
                      : `${c.points.length} points`}
                </span>{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove curve ${shown?.label ?? ''}`}
                  onClick={() => s().removeCurve(c.id)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
