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
 * a.test.encrypted.key} with pass phrase {@code secret}) and {@code b.test} (EC P-256); for
 * client certificates, {@code ca.pem} (the test CA), {@code alice} (signed by it) and
 * {@code mallory} (self-signed), EC P-256 with PKCS#8 keys; for revocation, {@code crl-ca}
 * (a second CA, its key kept to issue new CRLs), {@code bob} and {@code eve} (signed by it),
 * and {@code crl-ca.crl}, its CRL that revokes {@code eve}, valid until 2126; {@code
 * must-staple.test}, self-signed with the TLS feature status_request (RFC 7633).
 */
public final class TestCertificates {

    public static final List<String> FILES = List.of("a.test.pem", "a.test.key", "a.test.pkcs1.key",
            "a.test.encrypted.key", "b.test.pem", "b.test.key", "ca.pem", "alice.pem", "alice.key", "mallory.pem",
            "mallory.key", "crl-ca.pem", "crl-ca.key", "crl-ca.crl", "bob.pem", "bob.key", "eve.pem", "eve.key",
            "must-staple.test.pem", "must-staple.test.key");

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

    /** The certificate of {@code a.test}, {@code b.test}, a CA or a client, by its file's name without {@code .pem}. */
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
        return clientContext(null);
    }

    /**
     * As {@link #clientContext()}, presenting the client certificate {@code alice} or
     * {@code mallory} when the server asks for one (none if null).
     */
    public static SSLContext clientContext(String clientName) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("a", certificate("a.test"));
            trusted.setCertificateEntry("b", certificate("b.test"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            javax.net.ssl.KeyManager[] keys = null;
            if (clientName != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                String pem;
                try (InputStream in = TestCertificates.class.getResourceAsStream("tls/" + clientName + ".key")) {
                    pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                }
                byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
                own.setKeyEntry("client", key, new char[0], new java.security.cert.Certificate[] {certificate(clientName)});
                javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
                factory.init(own, new char[0]);
                // the certificate is sent whatever CAs the server names, as curl and openssl send theirs
                javax.net.ssl.X509KeyManager chosen = (javax.net.ssl.X509KeyManager) factory.getKeyManagers()[0];
                keys = new javax.net.ssl.KeyManager[] {new javax.net.ssl.X509ExtendedKeyManager() {
                    @Override
                    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                        return new String[] {"client"};
                    }

                    @Override
                    public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
                            java.net.Socket socket) {
                        return "client";
                    }

                    @Override
                    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                        return null;
                    }

                    @Override
                    public String chooseServerAlias(String keyType, java.security.Principal[] issuers,
                            java.net.Socket socket) {
                        return null;
                    }

                    @Override
                    public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
                        return chosen.getCertificateChain(alias);
                    }

                    @Override
                    public java.security.PrivateKey getPrivateKey(String alias) {
                        return chosen.getPrivateKey(alias);
                    }
                }};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
