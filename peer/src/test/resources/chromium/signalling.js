// The signalling a test page speaks with ChromiumSignaling over HTTP on 127.0.0.1 (for the pages
// that include it): POST a body, log to the test's log, add rtc4j's trickled candidates, and
// find the selected pair in getStats().
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

// The selected candidate pair of a getStats() report and its two candidates, or null.
function selectedPair(stats) {
  let id = null;
  stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) id = s.selectedCandidatePairId; });
  const pair = id && stats.get(id);
  return pair ? {pair, local: stats.get(pair.localCandidateId) || {}, remote: stats.get(pair.remoteCandidateId) || {}}
      : null;
}
