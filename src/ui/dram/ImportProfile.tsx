/**
 * Import a DRAM module's own measured characterization (a CSV of BER vs ΔVDD and vs ΔtRCD,
 * optionally its error model; format in src/core/dram/characterizationCsv.ts) as a profile on
 * the current profile's part. A valid file becomes the active profile; a bad one is refused
 * with a one-line message naming the file, line and field.
 */
import { useState } from 'react';
import { explorerStore, useExplorer } from '../../state/appStore';
import { dramPort } from './adapter';
import './importProfile.css';

const FORMAT_HINT =
  'CSV with header knob,delta,ber; rows vdd,<ΔV ≤ 0>,<BER> and trcd,<Δns ≤ 0>,<BER>, each curve from delta 0; optional errorModel,<0–3>, weakFraction,<f>, oneToZeroShare,<r>.';

export function ImportProfile() {
  const baseId = useExplorer((s) => s.config.profileId);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const id = dramPort.importCsv(await file.text(), file.name, baseId);
      setError(null);
      const s = explorerStore.getState();
      s.update({ profileId: id });
      s.notify('info', `Imported ${file.name} as DRAM profile "${id}" (on ${baseId}'s part).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="import-profile">
      <label title={FORMAT_HINT}>
        Import a measured characterization (CSV){' '}
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="profile-import"
          onChange={(e) => {
            void onFile(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {error ? (
        <p className="error" role="alert" data-testid="profile-import-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
