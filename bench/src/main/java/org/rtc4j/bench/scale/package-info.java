/**
 * Harnesses for servers at scale (issue 21): {@link org.rtc4j.bench.scale.WhipLoad}, rtc4j's own
 * WHIP load generator against {@code rtc4j whip-server} in a separate process (setup time on both
 * sides, CPU, live heap per session, RSS, threads, loss), and {@link
 * org.rtc4j.bench.scale.TeardownSoak}, create → connect → media → close cycles in one JVM that
 * must leave no thread, file descriptor or heap behind. WHIP is RFC 9725; the sessions are
 * audio-only (Opus, RFC 7587) over DTLS-SRTP (RFC 5764). Figures come from {@code /proc} (proc(5))
 * and {@code jcmd GC.class_histogram}.
 */
package org.rtc4j.bench.scale;
