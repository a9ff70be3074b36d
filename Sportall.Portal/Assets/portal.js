// Player, live-status polling and the branding editor's live preview. No framework, no CDN.
(function () {
  const video = document.querySelector('video[data-src]');
  if (video) {
    const src = video.dataset.src;
    if (window.Hls && Hls.isSupported()) {
      const hls = new Hls({ lowLatencyMode: true });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = src; // Safari plays HLS natively
    }
  }

  // An event page reloads itself when the event turns live or ends (ingest changes the status).
  const watched = document.querySelector('[data-status-url]');
  if (watched) {
    const initial = watched.dataset.status;
    setInterval(async () => {
      try {
        const response = await fetch(watched.dataset.statusUrl, { cache: 'no-store' });
        if (response.ok && (await response.json()).status !== initial) location.reload();
      } catch { /* offline for a moment: ask again next tick */ }
    }, 3000);
  }

  document.querySelectorAll('input[data-css-var]').forEach(input => input.addEventListener('input', () => {
    if (/^#[0-9a-fA-F]{6}$/.test(input.value)) document.documentElement.style.setProperty(input.dataset.cssVar, input.value);
  }));
})();
