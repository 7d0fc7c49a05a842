/**
 * SRTP benchmarks (JMH): rtc4j against the bare JCE bound and jitsi-srtp; the libsrtp 2
 * counterpart is {@code bench/srtp-libsrtp/run.sh}.
 */
package org.rtc4j.bench.srtp;
