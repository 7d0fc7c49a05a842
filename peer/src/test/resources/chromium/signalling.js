// The signalling a test page speaks with ChromiumSignaling over HTTP on 127.0.0.1 (for the pages
// that include it): POST a body, log to the test's log, and add rtc4j's trickled candidates.
async function post(path, body) {
  const r = await fetch(path, {method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body)});
  return r.text();
}
function log(m) { return post('/log', String(m)); }
window.onerror = (msg) => { log('error ' + msg); };

async function pollCandidates(pc) {
  let seen = 0;
  for (;;) {
    const list = JSON.parse(await (await fetch('/candidates?from=' + seen)).text());
    for (const c of list) {
      seen++;
      try {
        await pc.addIceCandidate(c);
      } catch (e) {
        log('addIceCandidate failed: ' + e);
      }
    }
    await new Promise(r => setTimeout(r, 20));
  }
}
