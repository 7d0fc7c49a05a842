package org.rtc4j.examples;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The client side of WHIP (RFC 9725) and WHEP on the JDK's {@link HttpClient}: POST the offer,
 * read the answer and the session URL, DELETE it at the end.
 */
final class HttpSignal {

    /** The session the endpoint created. */
    record Created(URI session, String answer) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    HttpSignal(String token) {
        this.token = token;
    }

    static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Failure(url + " is not a URL.");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new Failure("the endpoint URL must start with http:// or https:// (got " + url + ").");
        }
        return uri;
    }

    Created post(URI endpoint, String offer) {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offer, StandardCharsets.UTF_8));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = send(req.build(), endpoint);
        if (res.statusCode() != 201) {
            String body = res.body().strip();
            throw new Failure(endpoint + " answered HTTP " + res.statusCode() + (body.isEmpty() ? "" : ": " + firstLine(body))
                    + (res.statusCode() == 401 ? " (is --token right?)" : "") + ".");
        }
        String location = res.headers().firstValue("Location").orElse(null);
        if (location == null) {
            throw new Failure(endpoint + " created a session but sent no Location header.");
        }
        String type = res.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp")) {
            throw new Failure(endpoint + " answered with " + (type.isEmpty() ? "no content type" : type) + ", not application/sdp.");
        }
        return new Created(endpoint.resolve(location), res.body());
    }

    /**
     * The client side of one WHIP or WHEP session: posts {@code session}'s offer, applies the
     * answer, waits for the connection, runs {@code onConnected}, lets media flow for
     * {@code seconds} (or until the session ends) while printing live lines, and always ends the
     * session with DELETE. Failures go to {@code run.report}.
     */
    void exchange(Run run, RtcSession session, URI endpoint, String activity, double seconds, Runnable onConnected) {
        String offer = session.withCandidates(session.offer());
        run.progress.step("posting the offer to %s", endpoint);
        Created created = post(endpoint, offer);
        run.progress.step("session %s created", created.session());
        try {
            session.remoteAnswer(created.answer());
            session.awaitConnected(20);
            run.progress.step("connected in %d ms; %s for %.0f s", run.report.connectionMs(), activity, seconds);
            onConnected.run();
            run.liveLines(session);
            Run.sleep(seconds, () -> session.ended().isDone());
            if (session.ended().isDone()) {
                run.report.error(session.ended().join());
            }
            session.updateStats();
            run.progress.tracks(run.report.tracks());
        } finally {
            String err = delete(created.session());
            if (err != null) {
                run.report.error(err);
            }
        }
    }

    /** Ends the session; a failure here is only reported. */
    String delete(URI session) {
        HttpRequest.Builder req = HttpRequest.newBuilder(session).timeout(Duration.ofSeconds(5)).DELETE();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() / 100 == 2 ? null : "DELETE " + session + " answered HTTP " + res.statusCode();
        } catch (IOException e) {
            return "DELETE " + session + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private HttpResponse<String> send(HttpRequest req, URI endpoint) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Failure(endpoint + " does not answer (connection refused).", e);
        } catch (HttpTimeoutException e) {
            throw new Failure(endpoint + " does not answer (timed out).", e);
        } catch (IOException e) {
            throw new Failure("cannot reach " + endpoint + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted.", e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
