/**
 * Your own model (issue #7 item 8): a tfjs LayersModel (model.json + weight files) and a
 * labelled dataset from disk. Files go to the in-browser worker only; nothing is uploaded.
 */
import { useState } from 'react';
import type { UserModelFiles } from '../../contract/api';
import { explorerStore } from '../../state/appStore';
import { errorText } from '../engine/client';
import { getEngine } from '../engine/instance';
import { fmtPct } from '../format';
import { splitIdxFiles, splitModelFiles } from './pickFiles';

type DatasetChoice = 'mnist' | 'fashion-mnist' | 'idx' | 'app';

export function UserModelPanel() {
  const [modelFiles, setModelFiles] = useState<File[]>([]);
  const [dataChoice, setDataChoice] = useState<DatasetChoice>('mnist');
  const [dataFiles, setDataFiles] = useState<File[]>([]);
  const [status, setStatus] = useState<{
    kind: 'idle' | 'busy' | 'ok' | 'error';
    text: string;
    /** Layers whose weights are outside the error model (issue #13 item 2). */
    notModelled?: string[];
    /** What the model cannot run, and why (items 1 and 6). */
    unavailable?: string[];
  }>({
    kind: 'idle',
    text: '',
  });

  const load = async () => {
    const engine = getEngine();
    if (!engine) return setStatus({ kind: 'error', text: 'The inference worker is not running.' });
    const model = splitModelFiles(modelFiles);
    if (typeof model === 'string') return setStatus({ kind: 'error', text: model });
    let dataset: UserModelFiles['dataset'];
    if (dataChoice === 'mnist' || dataChoice === 'fashion-mnist')
      dataset = { kind: 'builtin', id: dataChoice };
    else if (dataChoice === 'app') {
      if (dataFiles.length !== 1)
        return setStatus({
          kind: 'error',
          text: 'Pick one dataset file (.bin, the app’s format).',
        });
      dataset = { kind: 'app', file: dataFiles[0] };
    } else {
      const idx = await splitIdxFiles(dataFiles);
      if (typeof idx === 'string') return setStatus({ kind: 'error', text: idx });
      dataset = { kind: 'idx', ...idx };
    }
    setStatus({ kind: 'busy', text: 'Checking the model and calibrating on 1,000 images…' });
    try {
      const name = model.modelJson.name.replace(/\.json$/i, '');
      const info = await engine.api.loadUserModel({ name, ...model, dataset });
      const s = explorerStore.getState();
      explorerStore.setState({
        models: [...s.models.filter((m) => m.id !== info.entry.id), info.entry],
      });
      s.update({ modelId: info.entry.id });
      // Picked files the model does not list are named, not dropped without a word.
      const ignored = info.ignoredFiles.length
        ? ` Not used (${model.modelJson.name} does not list them): ${info.ignoredFiles.join(', ')}.`
        : '';
      setStatus({
        kind: 'ok',
        text: `Loaded ${info.entry.name}: ${info.entry.dataTypes.length} data types, ${info.entry.params.toLocaleString()} parameters; ${info.samples.toLocaleString()} images from ${info.datasetLabel}; clean accuracy ${fmtPct(info.entry.accuracy.fp32)} (fp32, first ${info.calibrationSamples} images).${ignored}`,
        notModelled: info.notModelled,
        unavailable: [...new Set(Object.values(info.entry.unavailable ?? {}))],
      });
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    }
  };

  return (
    <details className="panel user-model-panel" data-testid="user-model">
      <summary>
        <strong>Your own model</strong>
      </summary>
      <p className="hint">
        A tfjs LayersModel and a labelled dataset from your disk. Nothing leaves this browser.
      </p>
      <label className="field">
        model.json + weight files
        <input
          type="file"
          multiple
          accept=".json,.bin"
          data-testid="user-model-files"
          onChange={(e) => setModelFiles([...(e.currentTarget.files ?? [])])}
        />
      </label>
      <label className="field">
        Test data
        <select
          data-testid="user-data-choice"
          value={dataChoice}
          onChange={(e) => setDataChoice(e.currentTarget.value as DatasetChoice)}
        >
          <option value="mnist">MNIST test set (built in)</option>
          <option value="fashion-mnist">Fashion-MNIST test set (built in)</option>
          <option value="idx">IDX files (images + labels)</option>
          <option value="app">app dataset file (.bin)</option>
        </select>
      </label>
      {dataChoice === 'idx' || dataChoice === 'app' ? (
        <label className="field">
          {dataChoice === 'idx' ? 'two IDX files (unpacked)' : 'one .bin file'}
          <input
            type="file"
            data-testid="user-data-files"
            multiple={dataChoice === 'idx'}
            onChange={(e) => setDataFiles([...(e.currentTarget.files ?? [])])}
          />
        </label>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={status.kind === 'busy'}
        onClick={() => void load()}
      >
        Load
      </button>
      {status.text ? (
        <p
          className={status.kind === 'error' ? 'notice error' : 'note'}
          role="status"
          data-testid="user-model-status"
        >
          {status.text}
        </p>
      ) : null}
      {status.notModelled?.length ? (
        <div className="notice" data-testid="user-model-not-modelled">
          <span>
            Not in the error model (their weights are never flipped):{' '}
            {status.notModelled.join('; ')}.
          </span>
        </div>
      ) : null}
      {status.unavailable?.length ? (
        <p className="note" data-testid="user-model-unavailable">
          {status.unavailable.join(' ')}
        </p>
      ) : null}
    </details>
  );
}
