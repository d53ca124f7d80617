/* EDEN Explorer service worker: the page keeps working offline after the first load
   (a talk venue's Wi-Fi must not matter). Same-origin GETs only; nothing leaves the browser.
   - page navigations: network first, cached copy when offline;
   - hashed assets (JS, worker, wasm): cache first;
   - models, data, profiles: network first, cached copy offline; stored on first use, and on
     install the zoo's models are fetched ahead. */
const CACHE = 'eden-explorer-v1';

async function precacheZoo(cache) {
  try {
    const zooUrl = new URL('models/zoo.json', self.registration.scope).href;
    const res = await fetch(zooUrl);
    if (!res.ok) return;
    await cache.put(zooUrl, res.clone());
    const zoo = await res.json();
    for (const m of zoo.models || []) {
      const modelUrl = new URL(m.path, self.registration.scope).href;
      const mr = await fetch(modelUrl);
      if (!mr.ok) continue;
      await cache.put(modelUrl, mr.clone());
      const json = await mr.json();
      const files = (json.weightsManifest || []).flatMap((g) => g.paths || []);
      await cache.addAll(files.map((f) => new URL(f, modelUrl).href));
    }
  } catch {
    /* offline at install time or no zoo yet: runtime caching still covers what is used */
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([self.registration.scope]).then(() => precacheZoo(cache)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(self.registration.scope, copy));
          return res;
        })
        .catch(() => caches.match(self.registration.scope)),
    );
    return;
  }
  // Hashed build assets never change: cache first. Everything else (zoo.json, models, data,
  // profiles) may be updated by a redeploy: network first, the cached copy when offline.
  const hashed = new URL(req.url).pathname.includes('/assets/');
  const store = (res) => {
    if (res.ok && res.type === 'basic') {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(req, copy));
    }
    return res;
  };
  event.respondWith(
    hashed
      ? caches.match(req).then((hit) => hit || fetch(req).then(store))
      : fetch(req)
          .then(store)
          .catch(() => caches.match(req).then((hit) => hit || Response.error())),
  );
});
