package org.sluice.internal.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import org.sluice.config.ConfigException;
import org.sluice.server.VirtualHost;

/**
 * Turns a host's {@code SSL*} directives into the JDK's TLS context, checking what mod_ssl
 * checks when it starts: a certificate and a key for every host with {@code SSLEngine on}, keys
 * that belong to their certificates, protocols the JDK can speak.
 */
final class TlsContexts {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** The DER of PKCS#8's header for an RSA key, before the PKCS#1 key itself (RFC 5208, RFC 8017). */
    private static final byte[] RSA_ALGORITHM = {
            0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};

    private TlsContexts() {
    }

    /** The TLS context of {@code host}, which has {@code SSLEngine on} or a certificate for STARTTLS. */
    static SslContext build(VirtualHost host, SslConfig config) throws ConfigException {
        if (config.certificates.isEmpty()) {
            throw new ConfigException(config.engineAt, "SSLEngine on: no certificate configured for "
                    + describe(host) + " (add SSLCertificateFile and SSLCertificateKeyFile)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            for (int i = 0; i < config.certificates.size(); i++) {
                SslConfig.FileAt certificateFile = config.certificates.get(i);
                List<X509Certificate> chain = certificates(certificateFile);
                if (config.chain != null) {
                    chain.addAll(certificates(config.chain));
                }
                SslConfig.FileAt keyFile = i < config.keys.size() ? config.keys.get(i) : certificateFile;
                PrivateKey key = privateKey(keyFile, i < config.keys.size());
                if (!matches(key, chain.get(0))) {
                    throw new ConfigException(keyFile.location(), "Certificate and private key of " + describe(host)
                            + " from " + certificateFile.path() + " and " + keyFile.path() + " do not match");
                }
                store.setKeyEntry("key" + i, key, password, chain.toArray(new X509Certificate[0]));
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            if (config.sessionCacheTimeout != null) {
                SSLSessionContext sessions = context.getServerSessionContext();
                sessions.setSessionTimeout(config.sessionCacheTimeout);
            }
            String[] protocols = protocols(context, config);
            List<String> suites = config.cipherSuites;
            if (suites != null) {
                List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
                suites = suites.stream().filter(supported::contains).toList();
                if (suites.isEmpty()) {
                    throw new ConfigException(config.cipherSuitesAt, "SSLCipherSuite: none of the cipher suites"
                            + " listed is one the JVM supports (" + String.join(":", config.cipherSuites) + ")");
                }
            }
            return new JdkSslContext(context, false, suites, IdentityCipherSuiteFilter.INSTANCE_DEFAULTING_TO_SUPPORTED_CIPHERS,
                    null, ClientAuth.NONE, protocols, false);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(config.engineAt != null ? config.engineAt : config.certificates.get(0).location(),
                    "Unable to configure TLS for " + describe(host) + ": " + e);
        }
    }

    /** {@code SSLProtocol}'s protocols that the JVM can speak; all its enabled ones by default. */
    private static String[] protocols(SSLContext context, SslConfig config) throws ConfigException {
        List<String> enabled = Arrays.asList(context.getDefaultSSLParameters().getProtocols());
        if (config.protocols == null) {
            // httpd's default is "all -SSLv3"; the JDK's enabled protocols are at most that
            return enabled.toArray(new String[0]);
        }
        List<String> chosen = new ArrayList<>();
        for (String p : enabled) {
            if (config.protocols.contains(p)) {
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            throw new ConfigException(config.protocolsAt, "SSLProtocol: none of " + String.join(" ", config.protocols)
                    + " is enabled in this JVM (it speaks " + String.join(" ", enabled) + ")");
        }
        return chosen.toArray(new String[0]);
    }

    private static List<X509Certificate> certificates(SslConfig.FileAt file) throws ConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem block : pem(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(file.location(), "Unable to read the certificate in " + file.path() + ": " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ConfigException(file.location(), "No certificate found in " + file.path()
                    + " (a PEM file with -----BEGIN CERTIFICATE----- is expected)");
        }
        return chain;
    }

    /**
     * The private key in {@code file}: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code
     * BEGIN RSA PRIVATE KEY}). Encrypted keys are refused: no one is there to type a pass phrase.
     */
    private static PrivateKey privateKey(SslConfig.FileAt file, boolean ownFile) throws ConfigException {
        for (Pem block : pem(file)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.der());
                }
                case "RSA PRIVATE KEY" -> {
                    if (block.text().contains("Proc-Type: 4,ENCRYPTED")) {
                        throw encrypted(file);
                    }
                    return pkcs8(file, rsaPkcs8(block.der()));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                case "EC PRIVATE KEY" -> throw new ConfigException(file.location(), "The EC key in " + file.path()
                        + " is in OpenSSL's own format; convert it to PKCS#8 with: openssl pkey -in "
                        + file.path() + " -out key.pem");
                default -> {
                }
            }
        }
        throw new ConfigException(file.location(), "No private key found in " + file.path()
                + (ownFile ? "" : " (give it with SSLCertificateKeyFile)"));
    }

    private static ConfigException encrypted(SslConfig.FileAt file) {
        return new ConfigException(file.location(), "The private key in " + file.path()
                + " is encrypted; Sluice cannot ask for a pass phrase. Remove it with: openssl pkey -in "
                + file.path() + " -out key.pem");
    }

    private static PrivateKey pkcs8(SslConfig.FileAt file, byte[] der) throws ConfigException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new ConfigException(file.location(), "Unable to read the private key in " + file.path()
                + " (RSA, EC or EdDSA in PEM is expected)");
    }

    /** Wraps a PKCS#1 RSA key into PKCS#8: SEQUENCE { version, algorithm, OCTET STRING { key } }. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(RSA_ALGORITHM, octets);
        return concat(new byte[] {0x30}, length(body.length), body);
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "sluice".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Pem(String type, byte[] der, String text) {
    }

    private static List<Pem> pem(SslConfig.FileAt file) throws ConfigException {
        String text;
        try {
            if (Files.size(file.path()) > 1024 * 1024) {
                throw new ConfigException(file.location(), file.path() + " is larger than 1 MiB; a PEM file is expected");
            }
            text = Files.readString(file.path(), StandardCharsets.ISO_8859_1).replace("\r", "");
        } catch (IOException e) {
            throw new ConfigException(file.location(), "Unable to read " + file.path() + ": " + e.getMessage());
        }
        List<Pem> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            // RFC 1421 headers (Proc-Type, DEK-Info) come before an empty line
            int blank = body.indexOf("\n\n");
            String base64 = (body.contains(":") && blank >= 0 ? body.substring(blank) : body).replaceAll("\\s", "");
            try {
                blocks.add(new Pem(m.group(1), Base64.getDecoder().decode(base64), m.group(0)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file.location(), "Unable to read " + file.path() + ": bad base64 in its "
                        + m.group(1) + " block");
            }
        }
        return blocks;
    }

    static String describe(VirtualHost host) {
        return host.serverName() + (host.addresses().isEmpty() ? "" : ":" + host.addresses().get(0).getPort());
    }
}
