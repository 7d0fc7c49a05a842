package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtc4j.peer.DataChannel;
import org.rtc4j.peer.DataChannelMessage;
import org.rtc4j.peer.DataChannelState;
import org.rtc4j.peer.PeerConnection;

/**
 * The CLI peer's data channels. Each peer opens a channel {@code chat-NAME} and sends {@value
 * #MESSAGES} messages on it, text and binary in turn, each one a known function of its index, so
 * that the other peer can check every one it receives ({@code dataChannel} in the JSON summary:
 * sent, received, verified). With {@code --send-file} a peer also opens a channel {@code file}: a
 * text header (name, size, SHA-256), the file in 16 KiB binary messages sent while {@code
 * bufferedAmount} is at most 1 MiB, then the text {@code end}. The receiver saves it under its
 * {@code --record} directory and reports both SHA-256s ({@code file} in the summary).
 */
final class DataChannelExchange {
    static final int MESSAGES = 10;
    private static final int CHUNK = 16 * 1024;
    private static final long HIGH_WATER = 1024 * 1024;
    private static final long LOW_WATER = 256 * 1024;

    private final PeerConnection pc;
    private final Progress progress;
    private final Report report;
    private final Path recordDir;
    private final boolean sendMessages;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger verified = new AtomicInteger();
    private volatile String remoteLabel;
    private final ObjectNode fileSent = Report.JSON.createObjectNode();
    private volatile FileReceiver fileIn;
    private final CompletableFuture<Void> fileDone = new CompletableFuture<>();
    private volatile boolean sendingFile;

    /**
     * Listens for the other peer's channels; call before any description is applied.
     *
     * @param recordDir where a received file is saved, or null to only hash it
     * @param sendMessages false to only receive (the peer's {@code --no-send})
     */
    DataChannelExchange(PeerConnection pc, Progress progress, Report report, Path recordDir, boolean sendMessages) {
        this.pc = pc;
        this.progress = progress;
        this.report = report;
        this.recordDir = recordDir;
        this.sendMessages = sendMessages;
        pc.onDataChannel(this::announced);
    }

    /** Opens our chat channel; its messages leave once it is open. */
    void open(String name) {
        DataChannel chat = pc.createDataChannel("chat-" + name);
        chat.onOpen(() -> {
            progress.step("data channel %s open (id %d)", chat.label(), chat.id());
            if (sendMessages) {
                for (int i = 0; i < MESSAGES; i++) {
                    if (i % 2 == 0) {
                        chat.send(text(i));
                    } else {
                        chat.send(bytes(i));
                    }
                    sent.incrementAndGet();
                }
            }
        });
    }

    /** The i-th message, text form. */
    static String text(int i) {
        return "rtc4j data channel message " + i + " ✓";
    }

    /** The i-th message, binary form: i + 1 KiB of bytes (the larger ones span SCTP packets). */
    static byte[] bytes(int i) {
        byte[] b = new byte[i * 1024 + 1];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (k * 31 + i);
        }
        return b;
    }

    private void announced(DataChannel dc) {
        if (dc.label().equals("file")) {
            FileReceiver r = new FileReceiver(dc);
            fileIn = r;
            dc.onMessage(r::message);
            return;
        }
        remoteLabel = dc.label();
        progress.step("the other peer opened data channel %s", dc.label());
        dc.onMessage(m -> {
            int i = received.getAndIncrement();
            boolean ok = i % 2 == 0 ? !m.binary() && m.text().equals(text(i)) : m.binary() && Arrays.equals(m.data(), bytes(i));
            if (ok) {
                verified.incrementAndGet();
            }
        });
    }

    /** Sends {@code file} on a channel of its own (blocks until it is all handed to the stack). */
    void sendFile(Path file) {
        sendingFile = true;
        DataChannel dc = pc.createDataChannel("file");
        Semaphore low = new Semaphore(0);
        CompletableFuture<Void> open = new CompletableFuture<>();
        dc.onOpen(() -> open.complete(null));
        dc.onBufferedAmountLow(low::release);
        dc.setBufferedAmountLowThreshold(LOW_WATER);
        CompletableFuture<String> acknowledged = new CompletableFuture<>();
        dc.onMessage(m -> acknowledged.complete(m.text()));
        Thread t = new Thread(() -> {
            try {
                open.get(30, TimeUnit.SECONDS);
                long size = Files.size(file);
                String sha = sha256(file);
                ObjectNode header = Report.JSON.createObjectNode().put("name", file.getFileName().toString())
                        .put("size", size).put("sha256", sha);
                fileSent.setAll(header);
                dc.send(Report.JSON.writeValueAsString(header));
                byte[] chunk = new byte[CHUNK];
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
                        while (dc.bufferedAmount() > HIGH_WATER) {
                            low.drainPermits();
                            if (dc.bufferedAmount() > HIGH_WATER) {
                                low.tryAcquire(100, TimeUnit.MILLISECONDS);
                            }
                            if (dc.readyState() != DataChannelState.OPEN) {
                                throw new IOException("the file channel closed");
                            }
                        }
                        dc.send(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
                    }
                }
                dc.send("end");
                progress.step("sent %s (%d bytes, SHA-256 %s)", file.getFileName(), size, sha);
                String ack = acknowledged.get(60, TimeUnit.SECONDS);
                fileSent.put("acknowledgedSha256", ack.startsWith("received ") ? ack.substring(9) : ack);
                fileDone.complete(null);
            } catch (Exception e) {
                report.error("sending " + file + " failed: " + RtcSession.rootMessage(e));
                fileDone.complete(null);
            }
        }, "rtc4j-send-file");
        t.setDaemon(true);
        t.start();
    }

    /** Waits (at most {@code seconds}) until our file is sent and a file announced to us has arrived. */
    void awaitFiles(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        try {
            while (System.nanoTime() < end) {
                FileReceiver r = fileIn;
                boolean ours = !sendingFile || fileDone.isDone();
                if (ours && (r == null || r.done)) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when every chat message received was verified, and a file announced to us arrived intact. */
    boolean ok() {
        FileReceiver r = fileIn;
        boolean chat = remoteLabel == null || (received.get() == verified.get());
        return chat && (r == null || r.intact());
    }

    /** {@code dataChannel} and, with a file either way, {@code file} in the summary. */
    void summarize(ObjectNode extra) {
        ObjectNode dc = extra.putObject("dataChannel");
        dc.put("sent", sent.get());
        dc.put("received", received.get());
        dc.put("verified", verified.get());
        if (remoteLabel != null) {
            dc.put("remoteLabel", remoteLabel);
        }
        FileReceiver r = fileIn;
        if (!fileSent.isEmpty() || r != null) {
            ObjectNode file = extra.putObject("file");
            if (!fileSent.isEmpty()) {
                file.set("sent", fileSent.deepCopy());
            }
            if (r != null) {
                file.set("received", r.toJson());
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[64 * 1024];
            for (int n = in.read(b); n > 0; n = in.read(b)) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file arriving on the {@code file} channel: header, binary chunks, "end" (on the loop thread). */
    private final class FileReceiver {
        private final MessageDigest md = digest();
        private final DataChannel dc;
        private JsonNode header;
        private OutputStream out;
        private Path path;
        private long bytes;
        private String sha;
        private String error;
        volatile boolean done;

        FileReceiver(DataChannel dc) {
            this.dc = dc;
        }

        void message(DataChannelMessage m) {
            try {
                if (header == null) {
                    header = Report.JSON.readTree(m.text());
                    String name = Path.of(header.path("name").asText("file")).getFileName().toString();
                    if (recordDir != null) {
                        Files.createDirectories(recordDir);
                        path = recordDir.resolve(name.isEmpty() || name.startsWith(".") ? "received-file" : name);
                        out = Files.newOutputStream(path);
                    }
                    progress.step("receiving file %s (%d bytes)%s", name, header.path("size").asLong(),
                            path == null ? "" : " into " + path);
                } else if (m.binary()) {
                    md.update(m.data());
                    bytes += m.data().length;
                    if (out != null) {
                        out.write(m.data());
                    }
                } else if (m.text().equals("end")) {
                    finish();
                }
            } catch (IOException e) {
                error = RtcSession.rootMessage(e);
                done = true;
            }
        }

        private void finish() throws IOException {
            if (out != null) {
                out.close();
            }
            sha = HexFormat.of().formatHex(md.digest());
            done = true;
            dc.send("received " + sha); // the sender waits for this before it closes
            progress.step("received file: %d bytes, SHA-256 %s (%s)", bytes, sha,
                    intact() ? "matches the sender's" : "DIFFERS from the sender's " + header.path("sha256").asText());
        }

        boolean intact() {
            return done && error == null && header != null && header.path("sha256").asText().equals(sha)
                    && header.path("size").asLong() == bytes;
        }

        ObjectNode toJson() {
            ObjectNode o = Report.JSON.createObjectNode();
            if (header != null) {
                o.put("name", header.path("name").asText());
                o.put("announcedSize", header.path("size").asLong());
                o.put("announcedSha256", header.path("sha256").asText());
            }
            o.put("bytes", bytes);
            o.put("sha256", sha);
            o.put("path", path == null ? null : path.toString());
            o.put("complete", done && error == null);
            o.put("verified", intact());
            if (error != null) {
                o.put("error", error);
            }
            return o;
        }
    }
}
