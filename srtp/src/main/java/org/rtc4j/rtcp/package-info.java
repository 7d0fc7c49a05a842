/**
 * RTCP packets, each read and written: sender and receiver reports, SDES (CNAME), BYE and APP
 * (RFC 3550 §6), generic NACK and transport-wide congestion control feedback (RTPFB, RFC 4585
 * §6.2, draft-holmer-rmcat-transport-wide-cc-extensions-01), PLI (RFC 4585 §6.3.1), FIR
 * (RFC 5104 §4.3.1) and REMB (PSFB, draft-alvestrand-rmcat-remb), in compound packets
 * (RFC 3550 §6.1) or reduced-size RTCP (RFC 5506).
 *
 * <p>Packets are small immutable records: RTCP runs at a few packets per second per stream, so
 * clarity wins over flyweights here. {@link org.rtc4j.rtcp.Rtcp} parses a compound packet into a
 * list and writes a list back; each type has {@code encodedLength()} and
 * {@code writeTo(byte[], int)}. Malformed input raises only the checked
 * {@link org.rtc4j.rtcp.RtcpParseException} with a
 * {@link org.rtc4j.rtcp.RtcpParseException.Reason} and offset; unknown types (XR, RFC 3611) come
 * back as {@link org.rtc4j.rtcp.UnknownRtcpPacket}. {@link org.rtc4j.rtcp.RtcpHeader} walks a
 * compound packet without allocating (for routing), and {@link org.rtc4j.rtcp.NtpTime} converts
 * NTP timestamps and computes the round-trip time of a report block (RFC 3550 §4, §6.4.1).
 * NACK and RTX (RFC 4588) scheduling build on
 * {@link org.rtc4j.rtcp.GenericNack} in the peer module.
 */
package org.rtc4j.rtcp;
