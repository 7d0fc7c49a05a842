package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.rtc4j.whip.WhipServer;

/**
 * The servers' routes beside the WHIP/WHEP endpoint, as handlers for
 * {@link WhipServer.Builder#route}: a page (the demo), a JSON sink (the demo's stats) and a JSON
 * source ({@code GET /stats}). JSON stays here, out of the library.
 */
final class HttpRoutes {

    private HttpRoutes() {}

    /** Serves {@code body} on GET and HEAD. */
    static HttpHandler page(String contentType, byte[] body) {
        byte[] copy = body.clone();
        return ex -> {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                notAllowed(ex, "GET, HEAD");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : copy.length);
            if (!method.equals("HEAD")) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(copy);
                }
            }
        };
    }

    /**
     * Hands JSON bodies POSTed here to {@code sink}; what it returns goes back as the JSON response
     * (200), or nothing (204) when it returns null.
     */
    static HttpHandler jsonSink(UnaryOperator<JsonNode> sink) {
        return ex -> {
            if (!ex.getRequestMethod().equalsIgnoreCase("POST")) {
                notAllowed(ex, "POST");
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(WhipServer.MAX_BODY_BYTES + 1);
            }
            JsonNode json;
            try {
                json = body.length > WhipServer.MAX_BODY_BYTES ? null : Report.JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
            if (json == null) {
                text(ex, 400, "expected a JSON body of at most " + WhipServer.MAX_BODY_BYTES + " bytes");
                return;
            }
            JsonNode reply = sink.apply(json);
            if (reply == null) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            json(ex, reply);
        };
    }

    /** Serves {@code source}'s JSON on GET; the supplier runs on an HTTP thread and may block briefly. */
    static HttpHandler jsonSource(Supplier<JsonNode> source) {
        return ex -> {
            if (!ex.getRequestMethod().equalsIgnoreCase("GET")) {
                notAllowed(ex, "GET");
                return;
            }
            json(ex, source.get());
        };
    }

    private static void json(HttpExchange ex, JsonNode value) throws IOException {
        byte[] out = Report.JSON.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private static void notAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        text(ex, 405, ex.getRequestMethod() + " is not allowed here");
    }

    private static void text(HttpExchange ex, int status, String message) throws IOException {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
