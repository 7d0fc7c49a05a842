package org.rtc4j.examples;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.whip.WhepClient;
import org.rtc4j.whip.WhipClient;
import org.rtc4j.whip.WhipException;
import org.rtc4j.whip.WhipSession;

/**
 * The CLI's side of WHIP (RFC 9725) and WHEP: the library's {@link WhipClient} or
 * {@link WhepClient} does the HTTP; this class adds progress lines, the live lines while media
 * flows, and turns failures into the CLI's one-line messages.
 */
final class HttpSignal {

    private final String token;
    private final BiFunction<URI, PeerConnection, CompletableFuture<WhipSession>> open;

    private HttpSignal(String token, BiFunction<URI, PeerConnection, CompletableFuture<WhipSession>> open) {
        this.token = token;
        this.open = open;
    }

    /** Publishes with {@link WhipClient#publish}. */
    static HttpSignal whip(String token) {
        WhipClient client = WhipClient.create();
        return new HttpSignal(token, (uri, pc) -> client.publish(uri, token, pc));
    }

    /** Subscribes with {@link WhepClient#subscribe}. */
    static HttpSignal whep(String token) {
        WhepClient client = WhepClient.create();
        return new HttpSignal(token, (uri, pc) -> client.subscribe(uri, token, pc));
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

    /**
     * The client side of one WHIP or WHEP session: posts {@code session}'s offer, applies the
     * answer, waits for the connection, runs {@code onConnected}, lets media flow for
     * {@code seconds} (or until the session ends) while printing live lines, and always ends the
     * session with DELETE. Failures go to {@code run.report}.
     */
    void exchange(Run run, RtcSession session, URI endpoint, String activity, double seconds, Runnable onConnected) {
        run.progress.step("posting the offer to %s", endpoint);
        WhipSession created = open(endpoint, session.peerConnection());
        run.progress.step("session %s created", created.resource());
        try {
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
            try {
                created.close();
            } catch (WhipException e) {
                run.report.error(e.getMessage());
            }
        }
    }

    private WhipSession open(URI endpoint, PeerConnection pc) {
        try {
            return open.apply(endpoint, pc).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WhipException w) {
                throw new Failure(w.getMessage() + (w.status() == 401 ? " (is --token right?)" : "") + ".", w);
            }
            throw new Failure("the session could not be set up: " + RtcSession.rootMessage(cause) + ".", cause);
        } catch (TimeoutException e) {
            throw new Failure(endpoint + " did not set up a session within 60 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted.", e);
        }
    }

    @Override
    public String toString() {
        return "HttpSignal[token=" + (token == null ? "none" : "<redacted>") + "]";
    }
}
