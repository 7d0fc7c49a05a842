/**
 * ICE internals: priority arithmetic (RFC 8445 §5.1.2, §6.1.2.3) and STUN client retransmission
 * timing (RFC 8489 §6.2.1). Not part of the public API.
 */
package org.rtc4j.ice.internal;
