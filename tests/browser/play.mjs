// Plays a page with a <video> element in the Debian Chromium and reports whether playback advances.
// usage: node play.mjs <page-url> <seconds-of-playback-to-wait-for> <timeout-seconds>
// Prints one JSON line: { ok, currentTime, latency, lowLatencyMode, errors }.
import { chromium } from 'playwright-core';

const [url, wantSeconds = '3', timeoutSeconds = '60'] = process.argv.slice(2);
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
  await page.goto(url);
  const deadline = Date.now() + Number(timeoutSeconds) * 1000;
  let first = null;
  while (Date.now() < deadline) {
    const state = await page.evaluate(() => {
      const v = document.querySelector('video');
      const h = window.hls;
      return {
        currentTime: v ? v.currentTime : -1,
        latency: h && typeof h.latency === 'number' ? h.latency : null,
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
