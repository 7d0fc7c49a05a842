/*
 * The C counterpart of org.rtc4j.bench.srtp.SrtpBenchmark: libsrtp 2 protect and unprotect of one
 * RTP packet, for the same profiles and payload sizes, measured the same way (the packet is copied
 * into the work buffer first; unprotect replays a ring of 4096 packets protected in advance and
 * starts a fresh receiving session at the end of the ring).
 *
 * usage: srtp_bench [seconds-per-measurement] [repetitions]
 * prints: profile payload op median-Mpps
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING 4096
#define SSRC 0x11223344u

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void policy(srtp_policy_t *p, int gcm, unsigned char *key, int inbound) {
    memset(p, 0, sizeof *p);
    if (gcm) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
    } else {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    }
    p->ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
    p->key = key;
    p->window_size = 1024;
    p->allow_repeat_tx = 0;
}

static void must(srtp_err_status_t st, const char *what) {
    if (st != srtp_err_status_ok) {
        fprintf(stderr, "%s failed: %d\n", what, (int)st);
        exit(1);
    }
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    must(srtp_init(), "srtp_init");
    unsigned char key[64];
    for (int i = 0; i < 64; i++) {
        key[i] = (unsigned char)(i * 7 + 1);
    }
    const int payloads[] = {160, 1200};
    printf("%-26s %7s %-10s %10s\n", "profile", "payload", "op", "Mpps");
    for (int gcm = 0; gcm <= 1; gcm++) {
        const char *name = gcm ? "AEAD_AES_128_GCM" : "AES_CM_128_HMAC_SHA1_80";
        for (int pi = 0; pi < 2; pi++) {
            int payload = payloads[pi];
            int plen = 12 + payload;
            unsigned char template[1300], buf[1400];
            for (int i = 0; i < plen; i++) {
                template[i] = (unsigned char)(i * 13);
            }
            template[0] = 0x80;
            template[1] = 96;
            template[8] = (SSRC >> 24) & 0xff;
            template[9] = (SSRC >> 16) & 0xff;
            template[10] = (SSRC >> 8) & 0xff;
            template[11] = SSRC & 0xff;

            srtp_policy_t tx_policy, rx_policy;
            policy(&tx_policy, gcm, key, 0);
            policy(&rx_policy, gcm, key, 1);

            /* the ring of protected packets */
            srtp_t ring_tx;
            must(srtp_create(&ring_tx, &tx_policy), "srtp_create");
            static unsigned char ring[RING][1400];
            static int ring_len[RING];
            for (int i = 0; i < RING; i++) {
                memcpy(ring[i], template, plen);
                ring[i][2] = i >> 8;
                ring[i][3] = i & 0xff;
                int len = plen;
                must(srtp_protect(ring_tx, ring[i], &len), "srtp_protect (ring)");
                ring_len[i] = len;
            }
            srtp_dealloc(ring_tx);

            for (int op = 0; op < 2; op++) {
                double mpps[64];
                srtp_t tx, rx;
                must(srtp_create(&tx, &tx_policy), "srtp_create");
                must(srtp_create(&rx, &rx_policy), "srtp_create");
                unsigned seq = 0;
                int pos = 0;
                for (int r = 0; r < reps + 1; r++) { /* the first round warms up */
                    long n = 0;
                    double t0 = now(), t1;
                    do {
                        for (int k = 0; k < 1000; k++, n++) {
                            if (op == 0) {
                                memcpy(buf, template, plen);
                                buf[2] = (seq >> 8) & 0xff;
                                buf[3] = seq & 0xff;
                                seq++;
                                int len = plen;
                                must(srtp_protect(tx, buf, &len), "srtp_protect");
                            } else {
                                memcpy(buf, ring[pos], ring_len[pos]);
                                int len = ring_len[pos];
                                must(srtp_unprotect(rx, buf, &len), "srtp_unprotect");
                                if (++pos == RING) {
                                    pos = 0;
                                    srtp_dealloc(rx);
                                    must(srtp_create(&rx, &rx_policy), "srtp_create");
                                }
                            }
                        }
                        t1 = now();
                    } while (t1 - t0 < seconds);
                    if (r > 0) {
                        mpps[r - 1] = n / (t1 - t0) / 1e6;
                    }
                }
                qsort(mpps, reps, sizeof mpps[0], cmp);
                printf("%-26s %7d %-10s %10.3f\n", name, payload, op ? "unprotect" : "protect",
                       mpps[reps / 2]);
                fflush(stdout);
                srtp_dealloc(tx);
                srtp_dealloc(rx);
            }
        }
    }
    srtp_shutdown();
    return 0;
}
