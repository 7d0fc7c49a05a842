package org.rtc4j.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The peer's side of the {@link SignalServer} protocol, on the JDK's WebSocket client
 * ({@code java.net.http}). Whole text messages are parsed as JSON and handed to {@code onMessage};
 * {@code onClosed} runs once when the connection ends, with a reason for people.
 */
public final class SignalClient implements AutoCloseable {

    private final WebSocket ws;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private SignalClient(WebSocket ws) {
        this.ws = ws;
    }

    /** Connects, or throws a {@link Failure} saying why not. */
    public static SignalClient connect(URI uri, Consumer<JsonNode> onMessage, Consumer<String> onClosed) {
        return connect(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), uri, onMessage, onClosed);
    }

    /** Connects through {@code http} (which many clients may share: one selector thread for all). */
    public static SignalClient connect(HttpClient http, URI uri, Consumer<JsonNode> onMessage, Consumer<String> onClosed) {
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            throw new Failure("the signaling URL must start with ws:// or wss:// (got " + uri + ").");
        }
        Listener listener = new Listener(onMessage, onClosed);
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
            return new SignalClient(ws);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while connecting to " + uri + ".", e);
        } catch (TimeoutException e) {
            throw new Failure("the signaling server at " + uri + " does not answer.", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof WebSocketHandshakeException h) {
                throw new Failure("the signaling server at " + uri + " refused the WebSocket upgrade (HTTP "
                        + h.getResponse().statusCode() + ").", c);
            }
            if (c instanceof ConnectException) {
                throw new Failure("the signaling server at " + uri + " does not answer (connection refused).", c);
            }
            if (c instanceof HttpTimeoutException) {
                throw new Failure("the signaling server at " + uri + " does not answer (timed out).", c);
            }
            throw new Failure("cannot connect to the signaling server at " + uri + ": " + describe(c) + ".", c);
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Sends one message; sends are queued so they go out whole and in order. */
    public synchronized void send(JsonNode message) {
        String text;
        try {
            text = Report.JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        lastSend = lastSend.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true));
    }

    @Override
    public synchronized void close() {
        try {
            lastSend.handle((r, e) -> null).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // closing anyway
        }
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS);
        }
    }

    private static final class Listener implements WebSocket.Listener {

        private final Consumer<JsonNode> onMessage;
        private final Consumer<String> onClosed;
        private final StringBuilder partial = new StringBuilder();
        private boolean closed;

        Listener(Consumer<JsonNode> onMessage, Consumer<String> onClosed) {
            this.onMessage = onMessage;
            this.onClosed = onClosed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (partial.length() > SignalServer.MAX_MESSAGE_BYTES) {
                partial.setLength(0);
                ws.abort();
                closed("the signaling server sent an oversized message");
                return null;
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage.accept(Report.JSON.readTree(text));
                } catch (JsonProcessingException e) {
                    closed("the signaling server sent something that is not JSON");
                    ws.abort();
                    return null;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed("the signaling server closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed("the connection to the signaling server failed (" + describe(error) + ")");
        }

        private synchronized void closed(String why) {
            if (!closed) {
                closed = true;
                onClosed.accept(why);
            }
        }
    }
}
