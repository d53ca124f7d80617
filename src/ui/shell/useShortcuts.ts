/** Keyboard shortcuts for demos (presets.ts lists them; scenarios.ts holds the scenarios). */
import { useEffect } from 'react';
import { explorerStore } from '../../state/appStore';
import { SCENARIOS } from '../../state/scenarios';
import { isTyping } from './presets';

export function useShortcuts(actions: { tour: () => void; help: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const s = explorerStore.getState();
      const { vddDelta, trcdDelta, present } = s.config;
      const { vddStep, trcdStep } = s.knobRange;
      if (SCENARIOS.some((x) => x.key === e.key)) s.applyScenario(e.key);
      else if (e.key === '[') s.setVdd(vddDelta - vddStep);
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
