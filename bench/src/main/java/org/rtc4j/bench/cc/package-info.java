/**
 * Congestion control: {@link org.rtc4j.bench.cc.CongestionControlHarness} prints the estimate over
 * time for the link scenarios of issue 16 on the deterministic simulator (peer's test fixture),
 * {@link org.rtc4j.bench.cc.CongestionControlBenchmark} (JMH) the time and allocation of the
 * per-packet path.
 */
package org.rtc4j.bench.cc;
