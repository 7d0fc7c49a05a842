package org.rtc4j.bench.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.opentelecoms.javax.sdp.NistSdpFactory;
import org.rtc4j.sdp.SessionDescription;

/**
 * Parses and writes the Chromium offer (audio, video with 23 payload types, data channel) captured
 * live by {@code sdp/src/test/chromium/capture_offer.py}, with rtc4j and, in the same run, with the
 * NIST {@code javax.sdp} parser (jain-sip-ri through {@code java-sdp-nist-bridge}, as ice4j uses it).
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar 'org.rtc4j.bench.sdp' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SdpBenchmark {
  private String offer;
  private NistSdpFactory nist;
  private SessionDescription parsed;
  private SessionDescription built;
  private javax.sdp.SessionDescription nistParsed;

  @Setup
  public void setUp() throws Exception {
    try (InputStream in = SdpBenchmark.class.getResourceAsStream("chromium-offer.sdp")) {
      offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("chromium-offer.sdp missing from the benchmark jar", e);
    }
    nist = new NistSdpFactory();
    parsed = SessionDescription.parse(offer);
    built = builtFromValues(parsed);
    nistParsed = nist.createSessionDescription(offer);
    // Same work on both sides: all three m-lines and all their attributes.
    int nistMedia = nistParsed.getMediaDescriptions(false).size();
    if (parsed.media().size() != 3 || nistMedia != 3) {
      throw new IllegalStateException("expected 3 m-lines, rtc4j " + parsed.media().size() + ", NIST " + nistMedia);
    }
  }

  @Benchmark
  public SessionDescription rtc4jParse() throws Exception {
    return SessionDescription.parse(offer);
  }

  @Benchmark
  public javax.sdp.SessionDescription nistParse() throws Exception {
    return nist.createSessionDescription(offer);
  }

  /** Parse, then read every attribute of every section: rtc4j builds its typed values on first access. */
  @Benchmark
  public int rtc4jParseAndRead() throws Exception {
    return readAll(SessionDescription.parse(offer));
  }

  /** Parse, then read every attribute value of every section. */
  @Benchmark
  public int nistParseAndRead() throws Exception {
    return readAll(nist.createSessionDescription(offer));
  }

  /** Writes the parsed description: canonical lines are copied from the parsed text. */
  @Benchmark
  public String rtc4jWrite() {
    return parsed.toString();
  }

  /** Writes the same description built from values (as the peer module builds offers). */
  @Benchmark
  public String rtc4jWriteBuilt() {
    return built.toString();
  }

  @Benchmark
  public String nistWrite() {
    return nistParsed.toString();
  }

  /** The same description with every section rebuilt from its values, so nothing is written from text. */
  static SessionDescription builtFromValues(SessionDescription sd) {
    // Setting the attributes (to the same ones) makes the builders copy them into plain lists.
    SessionDescription.Builder b = sd.toBuilder().attributes(sd.attributes());
    for (int i = 0; i < sd.media().size(); i++) {
      java.util.List<org.rtc4j.sdp.SdpAttribute> attributes = sd.media().get(i).attributes();
      b.updateMedia(i, m -> m.attributes(attributes));
    }
    SessionDescription copy = b.build();
    if (!copy.equals(sd) || !copy.toString().equals(sd.toString())) {
      throw new IllegalStateException("a description rebuilt from its values must equal and write as the parsed one");
    }
    return copy;
  }

  static int readAll(SessionDescription sd) {
    int n = sd.attributes().size();
    for (org.rtc4j.sdp.MediaDescription m : sd.media()) {
      for (org.rtc4j.sdp.SdpAttribute a : m.attributes()) {
        n += a.attributeName().length();
      }
    }
    return n;
  }

  static int readAll(javax.sdp.SessionDescription sd) throws javax.sdp.SdpException {
    int n = sd.getAttributes(false) == null ? 0 : sd.getAttributes(false).size();
    for (Object o : sd.getMediaDescriptions(false)) {
      for (Object a : ((javax.sdp.MediaDescription) o).getAttributes(false)) {
        n += ((javax.sdp.Attribute) a).getName().length();
        String value = ((javax.sdp.Attribute) a).getValue();
        n += value == null ? 0 : value.length();
      }
    }
    return n;
  }
}
