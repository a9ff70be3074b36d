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
let result = { ok: false };
try {
  const page = await browser.newPage();
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
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
console.log(JSON.stringify({ ...result, errors }));
