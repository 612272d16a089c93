package org.sluice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for tests of TLS, valid for a hundred years: {@code a.test} (RSA,
 * its key in PKCS#8, in PKCS#1 as {@code a.test.pkcs1.key} and encrypted as {@code
 * a.test.encrypted.key} with pass phrase {@code secret}) and {@code b.test} (EC P-256).
 */
public final class TestCertificates {

    public static final List<String> FILES = List.of("a.test.pem", "a.test.key", "a.test.pkcs1.key",
            "a.test.encrypted.key", "b.test.pem", "b.test.key");

    private TestCertificates() {
    }

    /** Copies the certificates and keys into {@code root/tls} and returns that directory. */
    public static Path copyTo(Path root) {
        try {
            Path dir = Files.createDirectories(root.resolve("tls"));
            for (String name : FILES) {
                try (InputStream in = TestCertificates.class.getResourceAsStream("tls/" + name)) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate of {@code a.test} or {@code b.test}. */
    public static X509Certificate certificate(String host) {
        try (InputStream in = TestCertificates.class.getResourceAsStream("tls/" + host + ".pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client's TLS context that trusts both certificates and nothing else. */
    public static SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("a", certificate("a.test"));
            trusted.setCertificateEntry("b", certificate("b.test"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
