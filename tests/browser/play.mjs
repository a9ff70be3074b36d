// Plays a stream in the Debian Chromium and reports whether playback advances.
// usage: node play.mjs <page-url> <seconds-of-playback-to-wait-for> <timeout-seconds>
//        node play.mjs --dash <mpd-url> <seconds> <timeout-seconds>   (dash.js from npm, on the server's origin)
// Prints one JSON line: { ok, currentTime, latency, lowLatencyMode, errors }.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const dash = args[0] === '--dash';
if (dash) args.shift();
const [url, wantSeconds = '3', timeoutSeconds = '60'] = args;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--disable-quic', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
const errors = [];
// Every HTTP error response the page saw, with its path and when (ms since start): a stall is explained by these.
const failedRequests = [];
const started = Date.now();
let result = { ok: false };
try {
  const page = await browser.newPage();
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', r => {
    if (r.status() >= 400) failedRequests.push({ status: r.status(), url: new URL(r.url()).pathname + new URL(r.url()).search, atMs: Date.now() - started });
  });
  page.on('requestfailed', r => failedRequests.push({ status: 0, url: new URL(r.url()).pathname, failure: r.failure()?.errorText, atMs: Date.now() - started }));
  if (dash) {
    // Same origin as the MPD: open a tiny page of the server, then build the player in it.
    await page.goto(new URL('/time', url).toString());
    await page.setContent('<video id="video" muted autoplay playsinline></video>');
    await page.addScriptTag({ path: fileURLToPath(new URL('./node_modules/dashjs/dist/modern/umd/dash.all.min.js', import.meta.url)) });
    await page.evaluate(mpd => {
      const player = dashjs.MediaPlayer().create();
      player.on('error', e => (window.playerErrors = window.playerErrors || []).push(JSON.stringify(e.error || e)));
      player.initialize(document.getElementById('video'), mpd, true);
      window.dashPlayer = player;
    }, url);
  } else {
    await page.goto(url);
    // hls.js errors with what failed: the page shows only the last one.
    await page.evaluate(() => {
      if (!window.hls || !window.Hls) return;
      window.hls.on(window.Hls.Events.ERROR, (_, d) => (window.playerErrors = window.playerErrors || []).push(JSON.stringify({
        type: d.type, details: d.details, fatal: d.fatal, status: d.response && d.response.code,
        url: (d.part && d.part.url) || (d.frag && d.frag.url) || (d.context && d.context.url) || d.url,
      })));
    });
  }
  const deadline = Date.now() + Number(timeoutSeconds) * 1000;
  let first = null;
  while (Date.now() < deadline) {
    const state = await page.evaluate(() => {
      const v = document.querySelector('video');
      const h = window.hls;
      const d = window.dashPlayer;
      return {
        currentTime: v ? v.currentTime : -1,
        latency: h && typeof h.latency === 'number' ? h.latency : (d ? d.getCurrentLiveLatency() : null),
        lowLatencyMode: h ? !!(h.config && h.config.lowLatencyMode) : null,
        pageErrors: window.playerErrors || [],
        // Why a stall stalls: what the media element holds and wants.
        readyState: v ? v.readyState : -1,
        paused: v ? v.paused : null,
        buffered: v ? Array.from({ length: v.buffered.length }, (_, i) => [+v.buffered.start(i).toFixed(3), +v.buffered.end(i).toFixed(3)]) : [],
        videoError: v && v.error ? v.error.message || String(v.error.code) : null,
      };
    });
    if (state.currentTime > 0 && first === null) first = state.currentTime;
    result = { ok: false, ...state, startedAt: first };
    if (first !== null && state.currentTime - first >= Number(wantSeconds)) { result.ok = true; break; }
    await new Promise(r => setTimeout(r, 250));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ...result, errors, failedRequests }));
