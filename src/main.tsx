import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { explorerStore } from './state/appStore';
import { bindUrl } from './state/urlSync';
import { App } from './ui/App';
import { dramPort } from './ui/dram/adapter';
import { startController } from './ui/engine/controller';
import { startEngine } from './ui/engine/client';
import { setEngine } from './ui/engine/instance';
import { registerServiceWorker } from './ui/offline';
import './ui/styles.css';

bindUrl(explorerStore, window.location, window.history, 200);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

try {
  const engine = startEngine();
  setEngine(engine);
  // A debugging aid (the e2e leak test reads it): the worker's tfjs memory.
  (window as unknown as { edenDebug: object }).edenDebug = { memory: () => engine.api.memory() };
  startController(explorerStore, engine, dramPort);
} catch (e) {
  explorerStore.setState({ engine: 'failed' });
  explorerStore
    .getState()
    .notify('error', `The inference worker did not start: ${(e as Error).message}`);
  startController(explorerStore, null, dramPort);
}

registerServiceWorker();
