/** Registers public/sw.js in production builds so the page works offline after the first load. */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {
      /* no service worker (e.g. file:// or private mode): the page still works online */
    });
  });
}
