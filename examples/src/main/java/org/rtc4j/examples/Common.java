package org.rtc4j.examples;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class Common {

    @Option(names = {"-v", "--verbose"}, description = "Log the stack's steps to stderr, and show stack traces of errors.")
    boolean verbose;

    @Option(names = "--all-interfaces",
            description = "Gather ICE candidates on every interface, not only 127.0.0.1 (to reach another machine).")
    boolean allInterfaces;

    @Option(names = "--ice-server", paramLabel = "URL",
            description = "A STUN or TURN server (stun:, turn:, turns:, ?transport=tcp); repeatable.")
    java.util.List<String> iceServers = new java.util.ArrayList<>();

    @Option(names = "--ice-username", description = "Username for the TURN servers.")
    String iceUsername;

    /** Where the TURN password can be given instead of {@code --ice-credential}, out of sight of {@code ps}. */
    public static final String CREDENTIAL_ENV = "RTC4J_ICE_CREDENTIAL";

    @Option(names = "--ice-credential",
            description = "Password for the TURN servers (never printed). A command line is visible to every user"
                    + " of the machine (ps): prefer the environment variable " + CREDENTIAL_ENV + ".")
    String iceCredential;

    @Option(names = "--relay-only", description = "Gather and use only relayed (TURN) candidates.")
    boolean relayOnly;

    @Option(names = "--ice-tcp",
            description = "Also offer ICE-TCP candidates (RFC 6544) and pair the other side's TCP ones: connects where UDP is blocked.")
    boolean iceTcp;

    @Option(names = "--turn-ca", paramLabel = "FILE",
            description = "PEM file with the CA certificate(s) to trust for turns: servers (default: the JDK's trusted CAs).")
    java.nio.file.Path turnCa;

    /**
     * A TLS context trusting exactly the certificates in {@code pem} (one or more PEM blocks), for
     * {@code turns:}; a {@link Failure} naming the file when it cannot be read or holds none.
     */
    static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
            java.util.Collection<? extends java.security.cert.Certificate> certs =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new Failure("--turn-ca " + pem + " holds no PEM certificate.");
            }
            java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : certs) {
                ks.setCertificateEntry("turn-ca-" + i++, c);
            }
            return org.rtc4j.net.Tls.trusting(ks);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Failure("--turn-ca " + pem + " does not exist.", e);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new Failure("--turn-ca " + pem + " is not a PEM certificate file (" + e.getMessage() + ").", e);
        }
    }

    /** {@code --ice-credential}, or else the environment's {@value #CREDENTIAL_ENV}, or null. */
    String iceCredential() {
        return iceCredential != null ? iceCredential : System.getenv(CREDENTIAL_ENV);
    }
}
