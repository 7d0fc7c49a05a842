package org.rtc4j.bench.sctp;

import java.util.Arrays;

/**
 * Message round trip in the sans-IO pair: A sends a small message, B echoes it from its event
 * handler, A receives it; no DTLS, no sockets, one thread. What it measures is the CPU path of
 * two sends and two deliveries (with their SACKs bundled), the floor under any real round trip.
 * Prints p50, p90, p99 and max over the samples.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.sctp.SctpRoundTripHarness [samples] [message bytes] [association|channel]
 * </pre>
 */
public final class SctpRoundTripHarness {
  private SctpRoundTripHarness() {}

  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean channels = args.length > 2 && args[2].equals("channel");
    SctpPair pair = new SctpPair(channels).connect();
    pair.echo = true;
    byte[] message = new byte[size];
    for (int i = 0; i < 50_000; i++) {
      roundTrip(pair, message);
    }
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      roundTrip(pair, message);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    System.out.printf("%d-byte message round trip over %d samples: p50 %.2f us, p90 %.2f us, p99 %.2f us, max %.1f us%n", size,
        samples, nanos[samples / 2] / 1e3, nanos[samples * 9 / 10] / 1e3, nanos[samples * 99 / 100] / 1e3,
        nanos[samples - 1] / 1e3);
  }

  private static void roundTrip(SctpPair pair, byte[] message) {
    long target = pair.messagesAtA + 1;
    pair.sendFromA(message);
    while (pair.messagesAtA < target) {
      pair.pump();
    }
  }
}
