/** Messages for the user (bad link values, failed loads); dismissable, never blocking. */
import { explorerStore, useExplorer } from '../../state/appStore';

export function Notices() {
  const notices = useExplorer((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`}>
          <span>{n.text}</span>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => explorerStore.getState().dismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
