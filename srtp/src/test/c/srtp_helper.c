/*
 * A line-oriented libsrtp 2 peer for the rtc4j interop tests.
 *
 * usage: srtp_helper PROFILE KEYSALT_HEX
 *   PROFILE is one of AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM,
 *   AEAD_AES_256_GCM; KEYSALT_HEX is master key followed by master salt.
 *
 * Two libsrtp sessions share the key: one protects, one unprotects. Each input line is
 *   P <hex>   protect RTP        U <hex>   unprotect RTP
 *   PC <hex>  protect RTCP       UC <hex>  unprotect RTCP
 * and each answer is "OK <hex>" or "ERR <srtp_err_status_t>".
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PACKET 4096

static int set_policy(srtp_policy_t *p, const char *profile) {
    if (strcmp(profile, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(profile, "AES_CM_128_HMAC_SHA1_32") == 0) {
        /* RFC 5764 section 4.1.2: SRTCP keeps the 80-bit tag. */
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(profile, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
    } else if (strcmp(profile, "AEAD_AES_256_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
    } else {
        return -1;
    }
    return 0;
}

static int unhex(const char *s, unsigned char *out, int max) {
    int n = 0;
    while (s[0] && s[1] && s[0] != '\n' && s[0] != '\r') {
        unsigned int v;
        if (n >= max || sscanf(s, "%2x", &v) != 1) {
            return -1;
        }
        out[n++] = (unsigned char)v;
        s += 2;
    }
    return n;
}

static void answer(srtp_err_status_t st, const unsigned char *buf, int len) {
    if (st != srtp_err_status_ok) {
        printf("ERR %d\n", (int)st);
    } else {
        printf("OK ");
        for (int i = 0; i < len; i++) {
            printf("%02x", buf[i]);
        }
        printf("\n");
    }
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PROFILE KEYSALT_HEX\n", argv[0]);
        return 2;
    }
    unsigned char key[64];
    if (unhex(argv[2], key, sizeof key) <= 0) {
        fprintf(stderr, "bad key\n");
        return 2;
    }
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 1;
    }
    srtp_policy_t out_policy, in_policy;
    memset(&out_policy, 0, sizeof out_policy);
    memset(&in_policy, 0, sizeof in_policy);
    if (set_policy(&out_policy, argv[1]) != 0 || set_policy(&in_policy, argv[1]) != 0) {
        fprintf(stderr, "unknown profile %s\n", argv[1]);
        return 2;
    }
    out_policy.ssrc.type = ssrc_any_outbound;
    in_policy.ssrc.type = ssrc_any_inbound;
    out_policy.key = key;
    in_policy.key = key;
    out_policy.window_size = 1024;
    in_policy.window_size = 1024;
    srtp_t out_session, in_session;
    srtp_err_status_t st = srtp_create(&out_session, &out_policy);
    if (st == srtp_err_status_ok) {
        st = srtp_create(&in_session, &in_policy);
    }
    if (st != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed: %d\n", (int)st);
        return 1;
    }
    printf("READY\n");
    fflush(stdout);

    static char line[2 * MAX_PACKET + 16];
    static unsigned char buf[MAX_PACKET + 64];
    while (fgets(line, sizeof line, stdin)) {
        char *sp = strchr(line, ' ');
        if (!sp) {
            continue;
        }
        *sp = 0;
        int len = unhex(sp + 1, buf, MAX_PACKET);
        if (len < 0) {
            printf("ERR -1\n");
            fflush(stdout);
            continue;
        }
        if (strcmp(line, "P") == 0) {
            st = srtp_protect(out_session, buf, &len);
        } else if (strcmp(line, "U") == 0) {
            st = srtp_unprotect(in_session, buf, &len);
        } else if (strcmp(line, "PC") == 0) {
            st = srtp_protect_rtcp(out_session, buf, &len);
        } else if (strcmp(line, "UC") == 0) {
            st = srtp_unprotect_rtcp(in_session, buf, &len);
        } else {
            st = srtp_err_status_bad_param;
        }
        answer(st, buf, len);
    }
    srtp_dealloc(out_session);
    srtp_dealloc(in_session);
    srtp_shutdown();
    return 0;
}
