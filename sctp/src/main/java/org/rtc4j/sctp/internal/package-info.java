/**
 * Internals of the SCTP association: send queue and stream scheduler, retransmission queue
 * (RFC 9260 §6.2.1, §7.2.4, RFC 3758 §3.5), receive TSN tracking and SACK writing (§6.2),
 * reassembly and ordered delivery (§6.5, §6.9, RFC 8260), congestion control (§7.2), RTO (§6.3.1),
 * the state cookie (§5.1.3). Not API.
 */
package org.rtc4j.sctp.internal;
