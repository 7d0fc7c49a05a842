/**
 * Signaling relay latency (a harness, not JMH): the examples' WebSocket signaling server (RFC 6455)
 * with its rooms in memory against rooms on Redis shared by two servers (pub/sub).
 */
package org.rtc4j.bench.signal;
