package org.rtc4j.media.h264;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The H.264 {@code profile-level-id} SDP parameter (RFC 6184 §8.1): three bytes, hex, giving
 * profile_idc, profile-iop (the constraint_set flags) and level_idc, as in the SPS.
 *
 * <p>Two descriptions are "the same profile" when their parsed {@link Profile}s are equal, which is
 * how WebRTC endpoints match H.264 payload types: e.g. {@code 42e01f} and {@code 4d801f} are both
 * Constrained Baseline (Main with constraint_set0 is decodable by a Baseline decoder). The level
 * is negotiated separately ({@link #answerLevel}).
 *
 * @param profile the profile, classified from profile_idc and the constraint flags
 * @param level the level
 */
public record H264ProfileLevelId(Profile profile, Level level) {

    /** The profiles WebRTC endpoints offer, classified per H.264 Annex A.2. */
    public enum Profile {
        /** profile_idc 66 with constraint_set1, or 77 with set0, or 88 with set0 and set1 (A.2.1.1). */
        CONSTRAINED_BASELINE(0x42, 0xE0),
        /** profile_idc 66 without constraint_set1, or 88 with set0 only (A.2.1). */
        BASELINE(0x42, 0x00),
        /** profile_idc 77 without constraint_set0 (A.2.2). */
        MAIN(0x4D, 0x00),
        /** profile_idc 100 (A.2.4). */
        HIGH(0x64, 0x00),
        /** profile_idc 100 with constraint_set4 and set5 (A.2.4.2). */
        CONSTRAINED_HIGH(0x64, 0x0C),
        /** profile_idc 244 (A.2.11). */
        PREDICTIVE_HIGH_444(0xF4, 0x00);

        private final int profileIdc;
        private final int iop;

        Profile(int profileIdc, int iop) {
            this.profileIdc = profileIdc;
            this.iop = iop;
        }
    }

    /** Levels in decoding-capability order; level 1b sits between 1 and 1.1 (Table A-1). */
    public enum Level {
        L1(10), L1B(11), L1_1(11), L1_2(12), L1_3(13),
        L2(20), L2_1(21), L2_2(22),
        L3(30), L3_1(31), L3_2(32),
        L4(40), L4_1(41), L4_2(42),
        L5(50), L5_1(51), L5_2(52);

        private final int levelIdc;

        Level(int levelIdc) {
            this.levelIdc = levelIdc;
        }

        /** level_idc as written in the SPS (11 for level 1b, with constraint_set3 in the baseline family). */
        public int levelIdc() {
            return levelIdc;
        }

        static Optional<Level> of(int levelIdc) {
            for (Level l : values()) {
                if (l != L1B && l.levelIdc == levelIdc) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    /** What RFC 6184 §8.1 infers when {@code profile-level-id} is absent: Baseline, level 1. */
    public static final H264ProfileLevelId RFC_6184_DEFAULT = new H264ProfileLevelId(Profile.BASELINE, Level.L1);

    /**
     * What {@link #fromFmtp} assumes when {@code profile-level-id} is absent: Constrained Baseline,
     * level 3.1, as libwebrtc does (webrtc bug 6337) so that endpoints which omit the parameter
     * still match browsers' {@code 42e01f}. {@link #RFC_6184_DEFAULT} is the RFC's inference.
     */
    public static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(Profile.CONSTRAINED_BASELINE, Level.L3_1);

    private static final int SET0 = 0x80;
    private static final int SET1 = 0x40;
    private static final int SET2 = 0x20;
    private static final int SET3 = 0x10;
    private static final int SET4 = 0x08;
    private static final int SET5 = 0x04;

    /** Parses six hex digits; empty when malformed or not a profile WebRTC uses. */
    public static Optional<H264ProfileLevelId> parse(String hex) {
        if (hex == null || hex.length() != 6) {
            return Optional.empty();
        }
        int v;
        try {
            v = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int profileIdc = v >>> 16;
        int iop = (v >>> 8) & 0xFF;
        int levelIdc = v & 0xFF;
        Profile profile = classify(profileIdc, iop);
        if (profile == null) {
            return Optional.empty();
        }
        boolean baselineFamily = profileIdc == 0x42 || profileIdc == 0x4D || profileIdc == 0x58;
        if ((levelIdc == 11 && baselineFamily && (iop & SET3) != 0) || levelIdc == 9) {
            return Optional.of(new H264ProfileLevelId(profile, Level.L1B)); // Table A-1, level 1b
        }
        return Level.of(levelIdc).map(l -> new H264ProfileLevelId(profile, l));
    }

    /**
     * Classifies profile_idc and profile-iop the way WebRTC endpoints do (libwebrtc's table, which
     * follows H.264 Annex A): the constraint flags that define a profile must match, the others may
     * be anything except set4, set5 and the reserved bits, which must be zero.
     */
    private static Profile classify(int profileIdc, int iop) {
        boolean set0 = (iop & SET0) != 0;
        boolean set1 = (iop & SET1) != 0;
        boolean set2 = (iop & SET2) != 0;
        boolean lowNibbleClear = (iop & 0x0F) == 0;
        switch (profileIdc) {
            case 0x42: // Baseline: constraint_set1 makes it Constrained Baseline (A.2.1.1)
                return lowNibbleClear ? (set1 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE) : null;
            case 0x4D: // Main: constraint_set0 means "also conforms to Baseline" (A.2.2)
                if (!lowNibbleClear) {
                    return null;
                }
                return set0 ? Profile.CONSTRAINED_BASELINE : set2 ? null : Profile.MAIN;
            case 0x58: // Extended: only its Baseline-compatible forms are used by WebRTC
                if (!lowNibbleClear || !set0) {
                    return null;
                }
                return set1 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
            case 0x64: // High; set4 + set5 is Constrained High (A.2.4.2)
                return iop == 0 ? Profile.HIGH : iop == (SET4 | SET5) ? Profile.CONSTRAINED_HIGH : null;
            case 0xF4:
                return iop == 0 ? Profile.PREDICTIVE_HIGH_444 : null;
            default:
                return null;
        }
    }

    /**
     * The profile-level-id of an fmtp parameter map ({@code profile-level-id} key, case-insensitive
     * value); {@link #DEFAULT} when the key is absent, empty when present but unusable.
     */
    public static Optional<H264ProfileLevelId> fromFmtp(Map<String, String> fmtp) {
        String v = fmtp.get("profile-level-id");
        return v == null ? Optional.of(DEFAULT) : parse(v.toLowerCase(Locale.ROOT));
    }

    /** Whether two fmtp parameter maps name the same H.264 profile (so their payload types match). */
    public static boolean isSameProfile(Map<String, String> a, Map<String, String> b) {
        Optional<H264ProfileLevelId> pa = fromFmtp(a);
        Optional<H264ProfileLevelId> pb = fromFmtp(b);
        return pa.isPresent() && pb.isPresent() && pa.get().profile() == pb.get().profile();
    }

    /** Whether {@code level-asymmetry-allowed=1} is in the fmtp (RFC 6184 §8.1). */
    public static boolean levelAsymmetryAllowed(Map<String, String> fmtp) {
        return "1".equals(fmtp.get("level-asymmetry-allowed"));
    }

    /**
     * The profile-level-id to put in an answer (RFC 6184 §8.2.2): the offered profile, and as level
     * either our own receive level when both sides allow level asymmetry, or the lower of the two.
     * Empty when the profiles differ or either is unusable.
     */
    public static Optional<String> answerProfileLevelId(Map<String, String> offer, Map<String, String> local) {
        Optional<H264ProfileLevelId> o = fromFmtp(offer);
        Optional<H264ProfileLevelId> l = fromFmtp(local);
        if (o.isEmpty() || l.isEmpty() || o.get().profile() != l.get().profile()) {
            return Optional.empty();
        }
        boolean asymmetry = levelAsymmetryAllowed(offer) && levelAsymmetryAllowed(local);
        return Optional.of(new H264ProfileLevelId(o.get().profile(),
                answerLevel(o.get().level(), l.get().level(), asymmetry)).toString());
    }

    /** The level to answer with, given the offered and the local level (RFC 6184 §8.2.2). */
    public static Level answerLevel(Level offered, Level local, boolean levelAsymmetryAllowed) {
        if (levelAsymmetryAllowed) {
            return local;
        }
        return offered.compareTo(local) <= 0 ? offered : local;
    }

    /** Six lowercase hex digits, canonical for the profile (e.g. {@code 42e01f}). */
    @Override
    public String toString() {
        int iop = profile.iop;
        int levelIdc = level.levelIdc;
        if (level == Level.L1B) {
            boolean baselineFamily = profile == Profile.CONSTRAINED_BASELINE
                    || profile == Profile.BASELINE || profile == Profile.MAIN;
            if (baselineFamily) {
                iop |= SET3;
            } else {
                levelIdc = 9;
            }
        }
        return String.format(Locale.ROOT, "%02x%02x%02x", profile.profileIdc, iop, levelIdc);
    }
}
