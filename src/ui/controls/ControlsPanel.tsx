/** Every setting of the experiment except the two knobs (issue #7 item 1). */
import { testImagesOf } from '../../state/modelFit';
import { termLabel } from '../glossary';
import { PLATFORMS as PLATFORM_INFO } from '../../core/dram/platforms';
import { TARGET_DROP } from '../../core/eden/evaluator';
import { FORMATS, ERROR_MODEL_NAMES, type ErrorModelId } from '../../core/types';
import { useExplorer, explorerStore } from '../../state/appStore';
import {
  BACKEND_REQUESTS,
  CORRECTIONS,
  MAX_SAMPLES,
  MAX_TRIALS,
  PLATFORMS,
  TARGETS,
} from '../../state/config';
import { dramPort } from '../dram/adapter';
import { ImportProfile } from '../dram/ImportProfile';
import { NumberField, SelectField } from './Field';

const update = explorerStore.getState().update;

export function ControlsPanel() {
  const config = useExplorer((s) => s.config);
  const models = useExplorer((s) => s.models);
  const model = models.find((m) => m.id === config.modelId);
  const images = Math.min(MAX_SAMPLES, model ? testImagesOf(model) : MAX_SAMPLES);
  const modelOptions = models.length
    ? models.map((m) => ({
        value: m.id,
        label: `${m.name} · ${m.dataset}${m.family === 'snn' ? ' (spiking)' : ''}`,
      }))
    : [{ value: config.modelId, label: config.modelId }];
  const profileIds = dramPort?.profileIds() ?? [config.profileId];

  return (
    <aside className="panel controls" aria-label="Experiment settings" data-tour="controls">
      <h2>Experiment</h2>
      <SelectField
        label="Model"
        testId="model-select"
        value={config.modelId}
        options={modelOptions}
        onChange={(modelId) => update({ modelId })}
      />
      {model ? (
        <p className="hint" data-testid="model-info">
          {model.datasetLabel ?? (model.dataset === 'mnist' ? 'MNIST' : 'Fashion-MNIST')} ·{' '}
          {model.params.toLocaleString()} parameters · stands in for {model.paperCounterpart}
        </p>
      ) : null}
      <div className="pair">
        <SelectField
          label="Storage format"
          testId="format-select"
          value={config.format}
          options={FORMATS.map((f) => ({ value: f, label: f }))}
          onChange={(format) => update({ format })}
        />
        <SelectField
          label="Errors in"
          value={config.target}
          options={TARGETS.map((t) =>
            t === 'ifm' || t === 'ofm'
              ? { value: t, label: termLabel(t), term: t }
              : { value: t, label: t === 'all' ? 'all data' : t },
          )}
          onChange={(target) => update({ target })}
        />
      </div>
      <SelectField
        label="Error model"
        testId="em-select"
        value={config.em}
        options={([0, 1, 2, 3] as ErrorModelId[]).map((id) => ({
          value: id,
          label: `${id} · ${ERROR_MODEL_NAMES[id]}`,
        }))}
        onChange={(em) => update({ em })}
      />
      {config.em === 1 || config.em === 2 ? (
        <NumberField
          label={`Weak ${config.em === 1 ? 'rows' : 'bitlines'} (fraction)`}
          value={config.weakFraction}
          min={0.001}
          max={1}
          step={0.01}
          onChange={(weakFraction) => update({ weakFraction })}
        />
      ) : null}
      {config.em === 3 ? (
        <NumberField
          label="Share of flips that are 1→0"
          value={config.oneToZeroShare}
          min={0}
          max={1}
          step={0.05}
          onChange={(oneToZeroShare) => update({ oneToZeroShare })}
        />
      ) : null}
      <SelectField
        label="Out-of-range correction (EDEN)"
        value={config.correction}
        options={CORRECTIONS.map((c) => ({
          value: c,
          label:
            c === 'none'
              ? 'none'
              : c === 'zero'
                ? 'zero implausible values'
                : 'clamp to clean range',
        }))}
        onChange={(correction) => update({ correction })}
      />
      <div className="pair">
        <SelectField
          label="DRAM profile"
          testId="profile-select"
          value={config.profileId}
          options={profileIds.map((p) => ({ value: p, label: p }))}
          onChange={(profileId) => update({ profileId })}
        />
        <SelectField
          label="Platform"
          value={config.platform}
          options={PLATFORMS.map((p) => ({ value: p, label: PLATFORM_INFO[p].name }))}
          onChange={(platform) => update({ platform })}
        />
      </div>
      {dramPort ? <ImportProfile /> : null}
      <NumberField
        label="Target: accuracy drop ≤ (points)"
        value={Number((config.targetDrop * 100).toFixed(3))}
        min={TARGET_DROP.min * 100}
        max={TARGET_DROP.max * 100}
        step={0.1}
        onChange={(v) => update({ targetDrop: v / 100 })}
      />
      <div className="pair">
        <NumberField
          label="Trials"
          integer
          value={config.trials}
          min={1}
          max={MAX_TRIALS}
          onChange={(trials) => update({ trials })}
        />
        <NumberField
          label="Test images"
          integer
          value={config.samples}
          min={Math.min(10, images)}
          max={images}
          onChange={(samples) => update({ samples })}
        />
      </div>
      <div className="pair">
        <NumberField
          label="Module seed"
          integer
          value={config.moduleSeed}
          min={0}
          max={2 ** 32 - 1}
          onChange={(moduleSeed) => update({ moduleSeed })}
        />
        <NumberField
          label="Trial seed"
          integer
          value={config.trialSeed}
          min={0}
          max={2 ** 32 - 1}
          onChange={(trialSeed) => update({ trialSeed })}
        />
      </div>
      <p className="hint">
        Module seed: which cells are weak (the chip). Trial seed: which bits flip on a read.
      </p>
      <SelectField
        label="Compute backend"
        testId="backend-select"
        value={config.backend}
        options={BACKEND_REQUESTS.map((b) => ({
          value: b,
          label: b === 'auto' ? 'auto (fastest that works)' : b,
        }))}
        onChange={(backend) => update({ backend })}
      />
    </aside>
  );
}
