/** Which compute backend runs and why (docs/design.md §5): `data-testid="backend"`. */
import { useExplorer } from '../../state/appStore';

export function BackendBadge() {
  const engine = useExplorer((s) => s.engine);
  const info = useExplorer((s) => s.backend);
  const error = useExplorer((s) => s.backendError);
  const requested = useExplorer((s) => s.config.backend);
  let text: string;
  let title: string;
  if (engine === 'missing') {
    text = 'engine: not in this build';
    title = 'The inference worker (workers/explorer.worker.ts) is not part of this build.';
  } else if (error) {
    text = `backend ${requested}: failed`;
    title = error;
  } else if (info) {
    text = `backend: ${info.active}${info.requested === 'auto' ? ' (auto)' : ''}`;
    title = [
      info.reason,
      ...info.attempts.map(
        (a) =>
          `${a.backend}: ${a.ok ? 'ok' : 'no'}${a.probeMs !== undefined ? `, ${a.probeMs.toFixed(0)} ms probe` : ''}${a.note ? ` — ${a.note}` : ''}`,
      ),
    ].join('\n');
  } else {
    text = `backend: starting (${requested})…`;
    title = 'Probing the backends';
  }
  return (
    <span className="badge" data-testid="backend" data-active={info?.active ?? ''} title={title}>
      {text}
      {info && !error ? <span className="sr-only">. {info.reason}</span> : null}
    </span>
  );
}

export function BackendReason() {
  const info = useExplorer((s) => s.backend);
  const error = useExplorer((s) => s.backendError);
  if (error) return <span className="note">Backend failed: {error}</span>;
  if (!info) return null;
  return (
    <span className="note" data-testid="backend-reason">
      {info.reason}
    </span>
  );
}
