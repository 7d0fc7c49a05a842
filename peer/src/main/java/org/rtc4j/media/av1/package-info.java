/**
 * AV1 RTP payload format, per the Alliance for Open Media "RTP Payload Format For AV1" (v1.0,
 * aomediacodec.github.io/av1-rtp-spec): the aggregation header Z/Y/W/N (§4.4), OBU elements with
 * LEB128 lengths, fragmentation across packets, temporal delimiters dropped on send and rebuilt on
 * receive (§5). Non-scalable streams; the Dependency Descriptor extension is not implemented.
 */
package org.rtc4j.media.av1;
