/**
 * Audio payload formats: Opus (RFC 7587: one Opus packet per RTP payload, 48 kHz RTP clock) and
 * G.711 PCMU/PCMA (RFC 3551 §4.5.14, with the ITU-T G.711 companding tables). {@link
 * org.rtc4j.media.audio.OpusToc} reads packet durations from the TOC byte (RFC 6716 §3.1).
 */
package org.rtc4j.media.audio;
