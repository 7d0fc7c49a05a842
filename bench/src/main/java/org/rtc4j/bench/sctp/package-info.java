/**
 * SCTP and data channel measurements: the CPU-bound throughput and allocation of two associations
 * in one JVM ({@link org.rtc4j.bench.sctp.SctpBenchmark}, {@link org.rtc4j.bench.sctp.SctpCpuHarness}),
 * message round trip latency ({@link org.rtc4j.bench.sctp.SctpRoundTripHarness}), the
 * algorithm-bound throughput on simulated links ({@link org.rtc4j.bench.sctp.SctpSimulationHarness})
 * and idle memory per association ({@link org.rtc4j.bench.sctp.SctpMemoryHarness}).
 */
package org.rtc4j.bench.sctp;
