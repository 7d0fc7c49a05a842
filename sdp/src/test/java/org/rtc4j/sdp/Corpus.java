package org.rtc4j.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The SDP files under {@code src/test/resources/corpus}. */
final class Corpus {
  private Corpus() {}

  static String load(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionDescription parse(String name) throws SdpParseException {
    return SessionDescription.parse(load(name));
  }

  static List<String> names() {
    URL dir = Corpus.class.getResource("/corpus");
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sdp")).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
