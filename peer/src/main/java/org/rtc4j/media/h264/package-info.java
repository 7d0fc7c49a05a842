/**
 * H.264 RTP payload format, RFC 6184, packetization-mode 1 (§6.3): single NAL unit packets (§5.6),
 * STAP-A (§5.7.1) and FU-A (§5.8); SPS/PPS kept and repeated before IDR access units; Annex B
 * scanning (ITU-T H.264 Annex B); the {@code profile-level-id} parameter (§8.1) with profile
 * classification per H.264 Annex A and level negotiation with level asymmetry (§8.2.2).
 */
package org.rtc4j.media.h264;
