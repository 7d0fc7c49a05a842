package org.rtc4j.peer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a Chromium test page on 127.0.0.1: serves the page ({@code /NAME.html} from the
 * test resources' {@code chromium/}, and {@code /signalling.js} for the pages that share it) and
 * the signalling a page speaks: {@code POST /offer} (the page offers: the reply is rtc4j's
 * answer), {@code GET /offer} (rtc4j's offer), {@code POST /answer}, trickled candidates both
 * ways ({@code POST /candidate}, {@code GET /candidates?from=N}) through a {@link TrickleBridge},
 * {@code POST /log}, and the test's own sinks (a path to a consumer of the posted body).
 */
final class ChromiumSignaling implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumSignaling.class);

  private final HttpServer http;
  private final String page;

  ChromiumSignaling(String page, TrickleBridge trickle, Function<String, String> postOffer, Supplier<String> getOffer,
      Consumer<String> postAnswer, Map<String, Consumer<String>> sinks) throws IOException {
    this.page = page;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "chromium-signalling");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean post = ex.getRequestMethod().equals("POST");
      try {
        if (path.equals("/" + page) || path.equals("/signalling.js")) {
          try (InputStream in = getClass().getResourceAsStream("/chromium" + path)) {
            PageHttp.reply(ex, path.endsWith(".js") ? "text/javascript" : "text/html",
                new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          return;
        }
        switch (path) {
          case "/offer" -> PageHttp.reply(ex, "text/plain", post ? postOffer.apply(body) : getOffer.get());
          case "/answer" -> {
            postAnswer.accept(body);
            PageHttp.reply(ex, "text/plain", "");
          }
          case "/candidate" -> {
            trickle.fromBrowser(body);
            PageHttp.reply(ex, "text/plain", "");
          }
          case "/candidates" -> {
            String q = ex.getRequestURI().getQuery();
            int from = q != null && q.startsWith("from=") ? Integer.parseInt(q.substring(5)) : 0;
            PageHttp.reply(ex, "application/json", trickle.toBrowser(from));
          }
          case "/log" -> {
            LOG.info("page: {}", body);
            PageHttp.reply(ex, "text/plain", "");
          }
          default -> {
            Consumer<String> sink = sinks.get(path);
            if (sink == null) {
              ex.sendResponseHeaders(404, -1);
              ex.close();
              return;
            }
            sink.accept(body);
            PageHttp.reply(ex, "text/plain", "");
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("signalling request {} failed", path, e);
        ex.sendResponseHeaders(500, -1);
        ex.close();
      }
    });
    http.start();
  }

  /** The page's address with {@code query}. */
  String url(String query) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + page + "?" + query;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
