#!/usr/bin/env bash
# Builds the libsrtp 2 benchmark (the C counterpart of SrtpBenchmark) and prints its figures.
# With a JMH JSON result (java -jar bench/target/benchmarks.jar SrtpBenchmark ... -rf json -rff r.json)
# as the first argument, also prints JMH medians (Mpps) and the ratios of rtc4j to the JCE bound,
# to jitsi-srtp and to libsrtp.
#
#   bench/srtp-libsrtp/run.sh [jmh-result.json] [seconds-per-measurement] [repetitions]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
json="${1:-}"
seconds="${2:-1}"
reps="${3:-5}"
out="${TMPDIR:-/tmp}/rtc4j-srtp-bench"
gcc -O2 -Wall -o "$out" "$here/srtp_bench.c" $(pkg-config --cflags --libs libsrtp2)
echo "libsrtp $(pkg-config --modversion libsrtp2), median of $reps x ${seconds}s, Mpps = million packets/s"
"$out" "$seconds" "$reps" | tee "$out.txt"

if [ -n "$json" ]; then
  python3 - "$json" "$out.txt" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
c = {}
for line in open(sys.argv[2]).read().splitlines()[1:]:
    prof, payload, op, mpps = line.split()
    c[(prof, int(payload), op)] = float(mpps)
j = {}
for r in jmh:
    name = r["benchmark"].rsplit(".", 1)[1]
    impl = next(k for k in ("bound", "jitsi", "rtc4j") if name.startswith(k))
    op = name[len(impl):].lower()
    p = r["params"]
    # ops/us == million packets per second; the median of the iterations resists a loaded machine
    raw = sorted(x for fork in r["primaryMetric"]["rawData"] for x in fork)
    j[(p["profile"], int(p["payload"]), op, impl)] = raw[len(raw) // 2]
print()
print(f"{'profile':26} {'payload':>7} {'op':10} {'bound':>7} {'jitsi':>7} {'rtc4j':>7} {'libsrtp':>8}"
      f" {'rtc4j/bound':>11} {'rtc4j/jitsi':>11} {'rtc4j/libsrtp':>13}")
for (prof, payload, op) in sorted(c):
    b = j.get((prof, payload, op, "bound"))
    ji = j.get((prof, payload, op, "jitsi"))
    r = j.get((prof, payload, op, "rtc4j"))
    l = c[(prof, payload, op)]
    if None in (b, ji, r):
        continue
    print(f"{prof:26} {payload:7d} {op:10} {b:7.3f} {ji:7.3f} {r:7.3f} {l:8.3f}"
          f" {r / b:11.2f} {r / ji:11.2f} {r / l:13.2f}")
PY
fi
