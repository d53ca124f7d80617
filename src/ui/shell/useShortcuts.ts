/** Keyboard shortcuts for demos (see presets.ts for the list). */
import { useEffect } from 'react';
import { explorerStore } from '../../state/appStore';
import { isTyping, PRESETS } from './presets';

export function useShortcuts(actions: { tour: () => void; help: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const s = explorerStore.getState();
      const { vddDelta, trcdDelta, present } = s.config;
      const { vddStep, trcdStep } = s.knobRange;
      const preset = PRESETS.find((p) => p.key === e.key);
      if (preset) {
        s.update(preset.patch);
        s.notify('info', `Scenario ${preset.key}: ${preset.title}`);
      } else if (e.key === '[') s.setVdd(vddDelta - vddStep);
      else if (e.key === ']') s.setVdd(vddDelta + vddStep);
      else if (e.key === ',') s.setTrcd(trcdDelta - trcdStep);
      else if (e.key === '.') s.setTrcd(trcdDelta + trcdStep);
      else if (e.key === 'p' || e.key === 'P') s.update({ present: !present });
      else if (e.key === 't' || e.key === 'T') actions.tour();
      else if (e.key === '?') actions.help();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
